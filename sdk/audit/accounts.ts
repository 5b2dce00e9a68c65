import { CampaignManagementClient, ClientOptions } from "../../provider/client/client";
import { ConversionGoal } from "../../provider/client/goal";
import { clientOptionsFrom, ConfigError, ProviderSettings } from "../../provider/resource/config";

/** A goal as one of the configured accounts sees it: the service's goal, and the account it was listed through. */
export type SeenGoal = ConversionGoal & { id: string; name: string; customerId: string; accountId: string };

const ID = /^[1-9]\d{0,18}$/;

/**
 * The accounts to look at: msads:accountIds (MSADS_ACCOUNT_IDS) when set, else msads:accountId. accountIds is a list:
 * JSON (`["2000001","2000002"]`, what `pulumi config set --path 'msads:accountIds[0]' …` stores) or ids separated by
 * commas or spaces. Duplicates are dropped; a value that is not an id fails naming the setting.
 */
export function accountIdsOf(settings: ProviderSettings): string[] {
  const raw = settings.accountIds;
  if (raw === undefined) {
    if (settings.accountId === undefined) {
      throw new ConfigError("missing provider setting msads:accountIds (MSADS_ACCOUNT_IDS) or msads:accountId (MSADS_ACCOUNT_ID): the accounts whose goals are listed");
    }
    return [settings.accountId];
  }
  let items: unknown[];
  if (raw.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed)) throw new Error("not a list");
      items = parsed;
    } catch {
      throw new ConfigError(`invalid provider setting msads:accountIds (MSADS_ACCOUNT_IDS): must be a JSON list of account ids or ids separated by commas, got ${JSON.stringify(raw)}`);
    }
  } else {
    items = raw.split(/[\s,]+/).filter((s) => s !== "");
  }
  const ids = items.map((v) => (typeof v === "number" && Number.isSafeInteger(v) ? String(v) : v));
  const bad = ids.find((v) => typeof v !== "string" || !ID.test(v));
  if (bad !== undefined || ids.length === 0) {
    throw new ConfigError(`invalid provider setting msads:accountIds (MSADS_ACCOUNT_IDS): every item must be an account id (a positive whole number as text), got ${JSON.stringify(bad ?? raw)}`);
  }
  return [...new Set(ids as string[])];
}

/** The goals of every configured account and the number of service calls it took (one Get per account). */
export interface AccountGoals {
  customerId: string;
  accountIds: string[];
  /** Each goal once, by id: a Customer-scope goal is visible from every account and is kept with the first that listed it. */
  goals: SeenGoal[];
}

/**
 * Lists the offline goals of each configured account: one GetConversionGoalsByIds with nil ids per account (the
 * service returns every goal of the type, Customer-scope ones included), one after the other so that an agency's
 * accounts never burst the customer's call window. Credentials are the provider's (clientOptionsFrom), and so are
 * its errors: a missing setting is a ConfigError naming the config key and the variable.
 */
export async function listAccountGoals(settings: ProviderSettings, clientExtras: Partial<ClientOptions> = {}): Promise<AccountGoals> {
  const customerId = settings.customerId;
  if (customerId === undefined) throw new ConfigError("missing provider setting msads:customerId (MSADS_CUSTOMER_ID): the customer whose goals are listed");
  const accountIds = accountIdsOf(settings);
  const seen = new Map<string, SeenGoal>();
  // One client for all accounts would need the account header changed per call; a client per account shares the
  // token cache (keyed by credentials), so the token is redeemed once.
  for (const accountId of accountIds) {
    const options = clientOptionsFrom(settings, { customerId, accountId });
    const client = new CampaignManagementClient({ ...options, ...clientExtras, retry: { ...options.retry, ...clientExtras.retry } });
    for (const goal of await client.listOfflineConversionGoals()) {
      if (goal.id === undefined || seen.has(goal.id)) continue;
      seen.set(goal.id, { ...goal, id: goal.id, name: goal.name ?? "", customerId, accountId });
    }
  }
  return { customerId, accountIds, goals: [...seen.values()] };
}
