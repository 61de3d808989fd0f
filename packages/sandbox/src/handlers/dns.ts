import { deploiErrors } from '../messages';
import type { DnsRecord, Domain } from '../model';
import { dnsRecord } from '../state';
import { type DeploiInput, findOwned, type HandlerContext, type HandlerMap, ok, refuse } from './support';

// Deploi "dns" group: the records of a domain. Hosts are stored fully qualified; requests may name
// them as "@", "www" or "www.example.com", as the docs allow.

type RecordType = DnsRecord['type'];
/** A record as UpdateDomainRecord's `from` and `to` name it (AddDomainRecord and DeleteDomainRecord fit it too). */
type RecordRef = DeploiInput<'UpdateDomainRecord'>['from'];
type RecordOptions = NonNullable<RecordRef['options']>;

function findDomain(ctx: HandlerContext, name: string): Domain {
  return findOwned(ctx, ctx.state.domains, (d) => d.name === name.toLowerCase(), deploiErrors.noSuchDomain);
}

/** `@` → `example.com`, `www` → `www.example.com`, `www.example.com.` → `www.example.com`. */
export function qualify(domain: string, host: string): string {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h === '@' || h === '' || h === domain) return domain;
  return h.endsWith(`.${domain}`) ? h : `${h}.${domain}`;
}

// Host-name values compare without case or trailing dot; TXT values compare exactly.
function sameValue(type: RecordType, a: string, b: string): boolean {
  if (type === 'TXT') return a === b;
  return a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');
}

function matches(domain: Domain, type: RecordType, ref: RecordRef) {
  const host = qualify(domain.name, ref.host);
  return (r: DnsRecord) =>
    r.type === type &&
    r.host === host &&
    sameValue(type, r.value, ref.value) &&
    Object.entries(ref.options ?? {}).every(([k, v]) => v === undefined || r[k as keyof RecordOptions] === v);
}

function toRecord(domain: Domain, type: RecordType, ref: RecordRef): DnsRecord {
  const { ttl = 3600, service = '', protocol = '', priority = 0, weight = 0, port = 0 } = ref.options ?? {};
  return dnsRecord(type, qualify(domain.name, ref.host), ref.value.trim(), {
    ttl,
    service,
    protocol,
    priority,
    weight,
    port,
  });
}

/** Handlers of the dns group, by wire name. */
export const dnsHandlers = {
  GetDomainRecords: (ctx, input) => {
    const records = findDomain(ctx, input.domain).records.map((r) => ({
      type: r.type,
      host: r.host,
      value: r.value,
      options: {
        ttl: r.ttl,
        serviceSet: r.service !== '',
        service: r.service,
        protocolSet: r.protocol !== '',
        protocol: r.protocol,
        priority: r.priority,
        weight: r.weight,
        port: r.port,
      },
    }));
    return ok({ records });
  },

  AddDomainRecord: (ctx, input) => {
    const domain = findDomain(ctx, input.domain);
    // A name server holds a record set, not a list: the same type, host and value twice is one record.
    if (domain.records.some(matches(domain, input.type, { host: input.host, value: input.value }))) {
      return refuse(deploiErrors.recordExists);
    }
    domain.records.push(toRecord(domain, input.type, input));
    return ok({}, 'Record added.', 57);
  },

  UpdateDomainRecord: (ctx, input) => {
    const domain = findDomain(ctx, input.domain);
    const index = domain.records.findIndex(matches(domain, input.type, input.from));
    if (index < 0) return refuse(deploiErrors.noSuchRecord);
    domain.records[index] = toRecord(domain, input.type, input.to);
    return ok({}, 'Record updated.', 61);
  },

  DeleteDomainRecord: (ctx, input) => {
    const domain = findDomain(ctx, input.domain);
    const index = domain.records.findIndex(matches(domain, input.type, input));
    if (index < 0) return refuse(deploiErrors.noSuchRecord);
    domain.records.splice(index, 1);
    return ok();
  },
} satisfies HandlerMap<'deploi'>;
