import type { Command } from '../registry/define.js';

// The read that shows whether a write took effect, named in OutcomeUnknownError. Kept here rather than
// on each command: one read per group covers most writes, and a test checks that each tool named exists
// in the registry and is a read.
const byGroup: Readonly<Record<string, string>> = {
  account: 'deploi_get_account_info',
  servers: 'deploi_get_server_info',
  domains: 'deploi_get_domains',
  dns: 'deploi_get_domain_records',
  firewalls: 'deploi_get_firewall_rules',
  waf: 'deploi_get_firewall_reverse_proxies',
  sites: 'deploi_get_sites',
  wordpress: 'deploi_get_wordpress',
  databases: 'deploi_get_databases',
  email: 'deploi_get_email_products',
  kubernetes: 'deploi_get_kubernetes',
  backups: 'deploi_get_backup_plans',
  billing: 'deploi_get_invoices',
  seflow: 'seflow_checkstatus',
};

// Writes whose group's read would not show their effect; "" where no read shows it.
const byWire: Readonly<Record<string, string>> = {
  'deploi:Logout': '',
  'deploi:Register': '',
  'deploi:ForgotPassword': '',
  'deploi:GetDomainAuthCode': '',
  'deploi:CreateVirtualServer': 'deploi_get_servers',
  'deploi:ChangeNameServers': 'deploi_get_domain_name_servers',
  'deploi:UpdateDomainContact': 'deploi_get_domain_contacts',
  'deploi:CreateFirewall': 'deploi_get_firewalls',
  'deploi:AddFirewallPrivateNetwork': 'deploi_get_firewall_private_networks',
  'deploi:DeleteFirewallPrivateNetwork': 'deploi_get_firewall_private_networks',
  'deploi:AddFirewallPrivateNetworkConnector': 'deploi_get_firewall_private_networks',
  'deploi:DeleteFirewallPrivateNetworkConnector': 'deploi_get_firewall_private_networks',
  'deploi:UpdateSiteDomains': 'deploi_get_site',
  'deploi:CreateCertificate': 'deploi_get_site',
  'deploi:DeleteCertificate': 'deploi_get_site',
  'deploi:RestartApache': '',
  'deploi:AddSSHKey': 'deploi_get_ssh_keys',
  'deploi:RemoveSSHKey': 'deploi_get_ssh_keys',
  'deploi:CreateDatabaseUser': 'deploi_get_database_users',
  'deploi:DeleteDatabaseUser': 'deploi_get_database_users',
  'deploi:SetEmailPassword': '',
  'deploi:BackupSite': 'deploi_get_site_backups',
  'deploi:RestoreSiteFromBackup': 'deploi_get_site_backups',
  'deploi:CancelAgreement': '',
  'seflow:changeiproute': 'seflow_showportableip',
  'seflow:changerdns': '',
};

/** The read tool that shows whether `command` took effect, if one is known. */
export function checkToolFor(command: Pick<Command, 'provider' | 'wire' | 'group'>): string | undefined {
  const tool = byWire[`${command.provider}:${command.wire}`] ?? byGroup[command.group];
  return tool || undefined;
}

/** Every tool name {@link checkToolFor} can give, for the test that they exist. */
export const checkTools: readonly string[] = [
  ...new Set([...Object.values(byGroup), ...Object.values(byWire)].filter(Boolean)),
];
