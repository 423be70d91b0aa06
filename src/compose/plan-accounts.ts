// Pure: adds the manifest's users and groups to the tree's account files and
// renders the same accounts as sysusers.d lines, so they also exist on a
// deployment whose /etc was merged from an older /usr/etc. Ids are allocated
// deterministically (lowest free id) so the tree is reproducible.
import { OssifyError } from '../core/errors.js';
import type { ManifestGroup, ManifestUser } from './manifest-schema.js';

export interface AccountDb {
  passwd: string;
  group: string;
  shadow: string;
  gshadow: string;
}

export interface AccountsResult {
  db: AccountDb;
  sysusers: string;
  homes: Array<{ path: string; uid: number; gid: number }>;
}

type Row = string[];
const rows = (text: string): Row[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(':'));
const join = (r: Row[]): string => r.map((x) => x.join(':')).join('\n') + '\n';

function allocate(used: Set<number>, system: boolean): number {
  if (system) {
    for (let id = 999; id >= 100; id--) if (!used.has(id)) return id;
  } else {
    for (let id = 1000; id < 60000; id++) if (!used.has(id)) return id;
  }
  throw new OssifyError('ERR_OSSIFY_COMPOSE', 'no free user or group id left');
}

export function planAccounts(
  db: AccountDb,
  users: ManifestUser[],
  groups: ManifestGroup[],
  epochDays: number,
): AccountsResult {
  const passwd = rows(db.passwd);
  const group = rows(db.group);
  const shadow = rows(db.shadow);
  const gshadow = rows(db.gshadow);
  const sysusers: string[] = [];
  const homes: AccountsResult['homes'] = [];
  const gids = new Set(group.map((g) => Number(g[2])));
  const uids = new Set(passwd.map((p) => Number(p[2])));
  const findGroup = (name: string): Row | undefined => group.find((g) => g[0] === name);

  const addGroup = (name: string, gid: number | undefined, system: boolean): number => {
    const existing = findGroup(name);
    if (existing) return Number(existing[2]);
    if (gid !== undefined && gids.has(gid)) {
      throw new OssifyError('ERR_OSSIFY_COMPOSE', `group ${name}: gid ${gid} is already taken in the tree`, {
        subject: name,
      });
    }
    const id = gid ?? allocate(gids, system);
    gids.add(id);
    group.push([name, 'x', String(id), '']);
    gshadow.push([name, '!', '', '']);
    sysusers.push(`g ${name} ${id}`);
    return id;
  };

  const addMemberships = (user: string, extras: string[]): void => {
    for (const extra of extras) {
      const g = findGroup(extra);
      if (!g) {
        throw new OssifyError(
          'ERR_OSSIFY_COMPOSE',
          `user ${user}: group ${extra} does not exist in the tree`,
          {
            subject: extra,
            hint: 'declare it under groups: or install the package that creates it',
          },
        );
      }
      const members = g[3] ? g[3].split(',') : [];
      if (!members.includes(user)) g[3] = [...members, user].join(',');
      const gs = gshadow.find((x) => x[0] === extra);
      if (gs) {
        const m = gs[3] ? gs[3].split(',') : [];
        if (!m.includes(user)) gs[3] = [...m, user].join(',');
      }
      sysusers.push(`m ${user} ${extra}`);
    }
  };

  for (const g of groups) addGroup(g.name, g.gid, g.system === true);
  for (const u of users) {
    const existing = passwd.find((p) => p[0] === u.name);
    if (existing && u.uid !== undefined && Number(existing[2]) !== u.uid) {
      throw new OssifyError(
        'ERR_OSSIFY_COMPOSE',
        `user ${u.name} already exists in the tree with uid ${existing[2]}, not ${u.uid}`,
        {
          subject: u.name,
          hint: 'pick another name or uid; a package or the base tree created this user already',
        },
      );
    }
    if (existing) {
      // Built on a tree that has the user already (base: ref of an earlier compose): keep it as is.
      sysusers.push(
        `u ${u.name} ${existing[2]}:${existing[3]} "${existing[4]}" ${existing[5]} ${existing[6]}`,
      );
      addMemberships(u.name, u.groups ?? []);
      continue;
    }
    const system = u.system === true;
    if (u.uid !== undefined && uids.has(u.uid)) {
      throw new OssifyError(
        'ERR_OSSIFY_COMPOSE',
        `user ${u.name}: uid ${u.uid} is already taken in the tree`,
        { subject: u.name },
      );
    }
    const uid = u.uid ?? allocate(uids, system);
    uids.add(uid);
    const groupName = u.group ?? u.name;
    // A user's own group gets the same number as the user when it is free.
    const gid = addGroup(
      groupName,
      findGroup(groupName) ? undefined : gids.has(uid) ? undefined : uid,
      system,
    );
    const home = u.home ?? (system ? '/nonexistent' : `/home/${u.name}`);
    const shell = u.shell ?? (system ? '/usr/sbin/nologin' : '/bin/bash');
    const gecos = u.gecos ?? '';
    passwd.push([u.name, 'x', String(uid), String(gid), gecos, home, shell]);
    shadow.push([u.name, u.password ?? '!', String(epochDays), '0', '99999', '7', '', '', '']);
    sysusers.push(`u ${u.name} ${uid}:${gid} "${gecos}" ${home} ${shell}`);
    if (!system && home !== '/nonexistent') homes.push({ path: home, uid, gid });
    addMemberships(u.name, u.groups ?? []);
  }
  return {
    db: { passwd: join(passwd), group: join(group), shadow: join(shadow), gshadow: join(gshadow) },
    sysusers: sysusers.length ? `# Accounts declared by the ossify manifest.\n${sysusers.join('\n')}\n` : '',
    homes,
  };
}
