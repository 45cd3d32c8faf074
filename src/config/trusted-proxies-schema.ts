import { z } from 'zod';
import { clip } from '../core/clip.js';
import { ipRangesOf } from '../core/ip-ranges.js';

/**
 * `server.trusted_proxies`: addresses, CIDR ranges or `loopback` / `private` / `linklocal`, each
 * checked here so a mistyped range stops the start with its position and value rather than
 * leaving a load balancer untrusted (and every admin in one throttle bucket) without a word.
 *
 * @example trustedProxiesSchema.parse(['10.0.0.0/8', '::1', 'loopback'])
 */
export const trustedProxiesSchema = z
  .array(
    z.string().superRefine((text, ctx) => {
      const ranges = ipRangesOf(text);
      if (typeof ranges === 'string') ctx.addIssue({ code: 'custom', message: `${JSON.stringify(clip(text, 64))}: ${ranges}` });
    }),
  )
  // More than a few hundred is a list of clients, not of load balancers.
  .max(1_000);

/** `server.client_ip_header`: the one header the trusted proxies write; the other is ignored, so a client cannot forge it. */
export const clientIpHeaderSchema = z.enum(['x-forwarded-for', 'forwarded']);
