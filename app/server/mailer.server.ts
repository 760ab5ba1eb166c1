// A pluggable mailer. The default writes the message to the server log, so password-reset and
// invitation links work locally without an email server. A deployment sets its own with setMailer.

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export const logMailer: Mailer = {
  async send(mail) {
    console.log(`[mail] To: ${mail.to}\n[mail] Subject: ${mail.subject}\n${mail.text.split("\n").map((l) => `[mail] ${l}`).join("\n")}`);
  },
};

let current: Mailer = logMailer;
/** Messages sent in this process, newest last (kept for tests and the log; at most 50). */
export const outbox: Mail[] = [];

export function setMailer(m: Mailer): void {
  current = m;
}

export async function sendMail(mail: Mail): Promise<void> {
  outbox.push(mail);
  if (outbox.length > 50) outbox.shift();
  await current.send(mail);
}

/**
 * Send without waiting for the mailer: for messages whose sending must not change how long the
 * answer takes (whether an email has an account must not show in the timing). A failure is logged.
 */
export function queueMail(mail: Mail): void {
  setImmediate(() => {
    sendMail(mail).catch((e) => console.error(`[mail] could not send "${mail.subject}" to ${mail.to}:`, e));
  });
}
