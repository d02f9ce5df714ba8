/** The development server's own accounts: admin, the reporter bot, a moderator and a member. */
import {
  type AccountModel,
  adminAccountJson,
  CLEAN_FLAGS,
  type RoleModel,
  ROLES,
} from "./entities.ts";
import type { Population } from "./population/generate.ts";
import type { SnowflakeIds } from "./random.ts";
import type { AccountEntry } from "./state.ts";

/** Which of the fixed accounts. */
export type FixedKey = "admin" | "reporter" | "moderator" | "member";

const FIXED: { key: FixedKey; username: string; role: RoleModel; bot: boolean; name: string }[] = [
  { key: "admin", username: "admin", role: ROLES.admin, bot: false, name: "Dev Admin" },
  { key: "reporter", username: "mastowatch", role: ROLES.everyone, bot: true, name: "MastoWatch" },
  { key: "moderator", username: "moderator", role: ROLES.moderator, bot: false, name: "Mod" },
  { key: "member", username: "member", role: ROLES.everyone, bot: false, name: "Member" },
];

/**
 * How long before the base time the instance was set up. Tied to the base time, so that a new
 * world (a reset) has new account ids, as a re-created instance would: a sidecar that recorded
 * the old admin account can tell.
 */
const FIXED_AGE_MS = 5 * 365 * 86_400_000;

/** The fixed accounts of a world, their ids taken from `ids`. */
export function fixedAccounts(
  population: Population,
  ids: SnowflakeIds,
): [FixedKey, AccountEntry][] {
  const base = population.baseUrl;
  return FIXED.map((f, i) => {
    const createdAt = population.baseTime - FIXED_AGE_MS + i * 1_000 + 17;
    const model: AccountModel = {
      id: ids.at(createdAt),
      username: f.username,
      domain: null,
      displayName: f.name,
      note: "",
      avatar: null,
      header: null,
      createdAt,
      followers: 0,
      following: 0,
      statusesCount: 0,
      lastStatusAt: null,
      bot: f.bot,
      locked: false,
      discoverable: false,
      fields: [],
      email: `${f.username}@${new URL(base).hostname}`,
      locale: "en",
      ip: "127.0.0.1",
      role: f.role,
      inviteRequest: null,
    };
    const admin = adminAccountJson(model, base, CLEAN_FLAGS);
    return [f.key, { model, admin, label: "staff", statuses: [] }];
  });
}
