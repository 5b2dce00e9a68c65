import { ServiceFault } from "./soap/envelope";
import { tokenHash } from "./state";
import { Store } from "./store";
import { NS } from "./xml/namespaces";
import { XmlElement, isNil } from "./xml/parse";

/** Who a request acts as, once its SOAP headers have been checked. */
export interface Caller {
  userId: string;
  customerId: string;
  accountId: string;
}

/**
 * Checks the four v13 headers in the order the service does. Headers outside the v13 namespace are
 * not bound by WCF, so they count as missing: a client that forgets the namespace fails here as it
 * would against the real service.
 */
export function authenticate(store: Store, header: XmlElement | undefined, now: number): Caller {
  const value = (name: string): string | undefined => {
    const el = header?.children.find((c) => c.ns === NS.v13 && c.local === name);
    const text = el && !isNil(el) ? el.text.trim() : "";
    return text === "" ? undefined : text;
  };
  const developerToken = value("DeveloperToken");
  if (!developerToken || !store.developerTokens.includes(developerToken)) throw ServiceFault.adapi("InvalidCredentials");

  const accessToken = value("AuthenticationToken");
  const record = accessToken ? store.accessToken(tokenHash(accessToken)) : undefined;
  if (!record || record.revoked) throw ServiceFault.adapi("InvalidCredentials");
  if (record.expiresAt !== undefined && record.expiresAt <= now) throw ServiceFault.adapi("AuthenticationTokenExpired");

  const customerId = value("CustomerId");
  if (!customerId) throw ServiceFault.operation("CampaignServiceCustomerIdHasToBeSpecified");
  const accountId = value("CustomerAccountId");
  if (!accountId) throw ServiceFault.operation("CampaignServiceAccountIdHasToBeSpecified");
  if (!store.customer(customerId)) throw ServiceFault.operation("CampaignServiceInvalidCustomerId");
  if (!store.userCanAccess(record.userId, customerId)) throw ServiceFault.adapi("UserIsNotAuthorized");
  const account = store.account(accountId);
  if (!account || account.customer.id !== customerId) throw ServiceFault.operation("CampaignServiceInvalidAccountId");
  return { userId: record.userId, customerId, accountId };
}
