import addressparser from 'nodemailer/lib/addressparser';
import { domainToASCII, domainToUnicode } from 'node:url';

/** One sender, as MAIL_FROM names it. */
export interface Mailbox {
  /** the display name, null when the address stands alone */
  name: string | null;
  /** the address with its domain in ASCII (an internationalised domain in punycode): what SMTP and `mailto:` carry */
  address: string;
  /** the same address with its domain in Unicode, as people read it */
  readable: string;
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Reads one mailbox in any form an operator writes it: `calendar@itu.int`, `ITU-T events
 * <calendar@itu.int>`, `"Union internationale des télécommunications, UIT-T" <calendar@itu.int>`,
 * `calendar@bücher.example`. nodemailer's own parser reads it, as nodemailer will when it sends;
 * throws an Error saying, in words, what is wrong.
 */
export function parseMailbox(text: string): Mailbox {
   
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new Error('it must be on one line, without control characters');
  const parsed = addressparser(text);
  const addresses = parsed.flatMap((p) => ('group' in p ? p.group : [p]));
  if (parsed.some((p) => 'group' in p)) throw new Error('it is a group of addresses, not one address');
  if (addresses.length > 1) throw new Error(`it holds ${addresses.length} addresses, not one`);
  const found = addresses[0];
  if (!found || !found.address) throw new Error('it holds no address');
  // addressparser reads "a b@c.d" as the name "a": without angle brackets, the address stands alone (a comment may follow)
  if (!text.includes('<') && text.replace(/\([^()]*\)\s*$/, '').trim() !== found.address) throw new Error(`only '${found.address}' of it is an address: put a name before it as 'Name <${found.address}>'`);
  const at = found.address.lastIndexOf('@');
  const local = found.address.slice(0, at);
  const domain = found.address.slice(at + 1);
  if (at <= 0 || !domain) throw new Error(`'${found.address}' is not an address`);
  // a non-ASCII local part needs SMTPUTF8, which few relays offer: refused here rather than at every send
  if (!LOCAL_PART.test(local)) throw new Error(`the part before @ of '${found.address}' must be letters a-z, digits and . _ + - (an internationalised domain is fine)`);
  const ascii = domainToASCII(domain).toLowerCase();
  if (!HOST.test(ascii)) throw new Error(`'${domain}' is not a domain name`);
  const name = found.name.trim();
  return { name: name === '' ? null : name, address: `${local}@${ascii}`, readable: `${local}@${domainToUnicode(ascii)}` };
}
