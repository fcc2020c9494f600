/**
 * The newest token sent to `email`, from moto's SES store (the email is the
 * only place a token exists in clear); `containing` picks, among several
 * emails to one address, the newest whose body has that text.
 */
export async function latestToken(email: string, containing = ''): Promise<string> {
  const data = (await (await fetch(`${process.env.AWS_ENDPOINT_URL}/moto-api/data.json`)).json()) as {
    ses: { Message: { destinations: { ToAddresses: string[] }; body: string }[] };
  };
  const mail = data.ses.Message.filter((m) => m.destinations.ToAddresses.includes(email) && m.body.includes(containing)).at(-1);
  return /token=([A-Za-z0-9_-]+)/.exec(mail!.body)![1]!;
}
