/**
 * The one password policy: the CDK user pool is built from it and the API
 * checks it before anything is written, so a weak password is a 400 and never
 * a half-created account.
 */
export const PASSWORD_POLICY = {
  minLength: 12,
  // NIST SP 800-63B asks for at least 64; Cognito allows 256, moto only 98.
  maxLength: 64,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

/** Returns the unmet rules (empty when the password is acceptable). */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_POLICY.minLength) problems.push(`at least ${PASSWORD_POLICY.minLength} characters`);
  if (password.length > PASSWORD_POLICY.maxLength) problems.push(`at most ${PASSWORD_POLICY.maxLength} characters`);
  // Cognito's password parameter must match ^[\S]+.*[\S]+$ (Java regex): no
  // blank at either end, and no line terminator anywhere, since `.` matches
  // none of \n \r U+0085 U+2028 U+2029. The emulator checks neither; say so
  // here, before anything is written, rather than meet Cognito's
  // InvalidParameterException after the account's transaction.
  if (password !== password.trim() || /^\s|\s$/.test(password)) problems.push('no leading or trailing spaces');
  if (/[\n\r\u0085\u2028\u2029]/.test(password)) problems.push('no line breaks');
  if (!/[a-z]/.test(password)) problems.push('a lowercase letter');
  if (!/[A-Z]/.test(password)) problems.push('an uppercase letter');
  if (!/[0-9]/.test(password)) problems.push('a digit');
  // Cognito's symbol set: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + -
  if (!/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/.test(password)) problems.push('a symbol');
  return problems;
}
