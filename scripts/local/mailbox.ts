/**
 * The local inbox: the emails moto's SES has accepted, in the shape
 * ARCHITECTURE.md gives. moto keeps one body per message (the HTML part when
 * there is one), so the text is derived from it; the time is when the dev
 * server first saw the message.
 */
export interface MailboxEmail {
  id: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  at: string;
}

interface MotoSesMessage {
  id: string;
  source: string;
  subject?: string;
  body?: string;
  destinations?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
}

const firstSeen = new Map<string, string>();

function htmlToText(html: string): string {
  return html
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/gi, '$2: $1')
    .replace(/<\/p>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/**
 * moto's model dump: it walks every service's objects while other requests
 * create more, and now and then fails with a 500 under that concurrency —
 * so a failed read is tried again before the mailbox gives up.
 */
async function motoData(awsEndpoint: string): Promise<{ ses?: { Message?: MotoSesMessage[] } }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${awsEndpoint}/moto-api/data.json`);
      if (res.ok) return (await res.json()) as { ses?: { Message?: MotoSesMessage[] } };
      if (attempt >= 5) throw new Error(`moto answered ${res.status} for its data`);
    } catch (error) {
      if (attempt >= 5) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}

export async function readMailbox(awsEndpoint: string): Promise<MailboxEmail[]> {
  const data = await motoData(awsEndpoint);
  return (data.ses?.Message ?? []).map((m) => {
    if (!firstSeen.has(m.id)) firstSeen.set(m.id, new Date().toISOString());
    const body = m.body ?? '';
    const isHtml = /<[a-z][\s\S]*>/i.test(body);
    return {
      id: m.id,
      to: [...(m.destinations?.ToAddresses ?? []), ...(m.destinations?.CcAddresses ?? [])],
      from: m.source,
      subject: m.subject ?? '',
      text: isHtml ? htmlToText(body) : body,
      html: isHtml ? body : '',
      at: firstSeen.get(m.id)!,
    };
  });
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The inbox as a page, in the JSON's order (oldest first, as sent), so the
 * newest is last in both; the page opens scrolled to it.
 */
export function mailboxPage(emails: MailboxEmail[]): string {
  const items = emails
    .map(
      (e, i) => `<article data-id="${esc(e.id)}"${i === emails.length - 1 ? ' id="latest"' : ''}><header><strong>${esc(
        e.subject,
      )}</strong><br><small>to ${esc(e.to.join(', '))} · from ${esc(e.from)} · ${esc(e.at)}</small></header><div class="body">${
        e.html || `<pre>${esc(e.text)}</pre>`
      }</div></article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local mailbox</title>
<style>body{font:15px system-ui;max-width:760px;margin:2em auto;color:#222}article{border:1px solid #ddd;border-radius:8px;padding:1em;margin:1em 0}small{color:#666}.body{margin-top:.8em}</style>
</head><body><h1>Local mailbox</h1><p>${emails.length} email(s), oldest first as in the JSON (<code>Accept: application/json</code>)${
    emails.length ? ' — <a href="#latest">newest</a>' : ''
  }. Links open the local stack's stand-in pages.</p>${items || '<p>No email yet.</p>'}
<script>document.getElementById('latest')?.scrollIntoView()</script></body></html>`;
}
