import type { Client } from './model';

// Fixed names and fixtures the seed draws from. Every name is fictional; every domain is under the
// reserved `.example` TLD and every public address is a documentation address.

/** The demo login and keys the seeded state accepts; printed by the CLI. Not secrets: public on purpose. */
export const demoCredentials = {
  deploi: { username: 'demo@hostkit.example', password: 'hostkit-demo-password', twoFactorCode: '246810' },
  seflow: { username: 'hostkit-demo', key: 'hostkit-demo-seflow-key' },
} as const;

export const demoUser = { id: 432, firstname: 'Kari', lastname: 'Nordmann' } as const;

/** The two seeded clients (customer accounts). */
export const demoClients: readonly Client[] = [
  {
    id: 101,
    name: 'Nordlys Media AS',
    type: 'company',
    firstname: 'Kari',
    lastname: 'Nordmann',
    email: 'kari@nordlys-media.example',
    phone: '+4722334455',
    companyname: 'Nordlys Media AS',
    legalentityid: '912345678',
    addressline1: 'Storgata 1',
    addressline2: '',
    city: 'Oslo',
    state: '',
    postalcode: '0155',
    countrycode: 'NO',
    agreedtotac: true,
    receiveinfo: false,
    ehfinvoice: true,
    autocreate: true,
  },
  {
    id: 102,
    name: 'Ola Fjell',
    type: 'person',
    firstname: 'Ola',
    lastname: 'Fjell',
    email: 'ola@fjellkonsult.example',
    phone: '+4755667788',
    companyname: '',
    legalentityid: '',
    addressline1: 'Bryggen 7',
    addressline2: 'Leilighet 3',
    city: 'Bergen',
    state: 'Vestland',
    postalcode: '5003',
    countrycode: 'NO',
    agreedtotac: true,
    receiveinfo: true,
    ehfinvoice: false,
    autocreate: false,
  },
];

/** Demo servers: name and owning client. The first of each kind is what records point at. */
export const demoServerNames: readonly (readonly [string, number])[] = [
  ['web-01', 101],
  ['web-02', 101],
  ['app-01', 101],
  ['db-01', 101],
  ['cache-01', 101],
  ['mail-01', 101],
  ['ci-runner-01', 101],
  ['monitor-01', 101],
  ['staging-01', 101],
  ['legacy-erp-01', 101],
  ['web-01', 102],
  ['files-01', 102],
  ['vpn-gw-01', 102],
];

/** Server roles for scale names (`web-0042`). */
export const serverRoles = [
  'web',
  'app',
  'db',
  'cache',
  'mail',
  'ci',
  'monitor',
  'staging',
  'files',
  'proxy',
  'search',
  'git',
];

/** The operating systems CreateVirtualServer offers. */
export const operatingSystems = [
  'Ubuntu 24.04',
  'Ubuntu 22.04',
  'Debian 12',
  'Debian 13',
  'AlmaLinux 9.0',
  'Ubuntu 26.04',
];

/** Demo domains and owning client. */
export const demoDomains: readonly (readonly [string, number])[] = [
  ['nordlys-media.example', 101],
  ['nordlys.example', 101],
  ['nordlys-shop.example', 101],
  ['polarlys-studio.example', 101],
  ['media-demo.example', 101],
  ['fjellkonsult.example', 102],
  ['ola-fjell.example', 102],
  ['hyttetur.example', 102],
  ['kystkafe.example', 102],
  ['bergen-bakeri.example', 102],
];

/** Words for scale domain names (`fjord-nett-0042.example`). */
export const domainWords = [
  'fjord',
  'nord',
  'lys',
  'fjell',
  'skog',
  'kyst',
  'vind',
  'sol',
  'hav',
  'berg',
  'elv',
  'dal',
];

/** Deploi's default name servers in the sandbox. */
export const defaultNameServers = ['ns1.deploi-sandbox.example', 'ns2.deploi-sandbox.example'];

/** SeFlow dedicated servers: one per documented status. */
export const demoDedicatedServers = [
  { name: 'DS-1042', status: 'active', cpu: 'Intel Xeon E-2388G', ramGb: 64 },
  { name: 'DS-1043', status: 'active', cpu: 'AMD EPYC 4344P', ramGb: 128 },
  { name: 'DS-1044', status: 'suspended-seflow', cpu: 'Intel Xeon E-2236', ramGb: 32 },
  { name: 'DS-1045', status: 'canceled', cpu: 'Intel Xeon E3-1230v6', ramGb: 16 },
] as const;

/** The seeded state's notion of "now" for dates: seeding never reads the clock. */
export const seedEpoch = Date.UTC(2026, 0, 1);
