// The ids a goal resource answers to. The resource's own id is the goal id; `pulumi import` and the `import` option
// also take the goal's placement in front of it, for goals of other accounts than the provider's.

/** A goal id, with the placement the id named (absent: the provider's msads:customerId / msads:accountId). */
export interface GoalResourceId {
  goalId: string;
  customerId?: string;
  accountId?: string;
}

const ID = /^[1-9]\d{0,18}$/;

/** A resource id that is neither form; the message shows both forms. */
export class ResourceIdError extends Error {
  override name = "ResourceIdError";
}

/**
 * Parses `<goalId>` or `<customerId>/<accountId>/<goalId>`, each a positive whole number without leading zeros (the
 * service's xs:long ids). Throws ResourceIdError naming the part that is wrong.
 */
export function parseGoalResourceId(id: string): GoalResourceId {
  const parts = id.split("/");
  const usage = "expected <goalId> or <customerId>/<accountId>/<goalId>, e.g. 7000123 or 1000001/2000001/7000123";
  if (parts.length !== 1 && parts.length !== 3) throw new ResourceIdError(`invalid goal id ${JSON.stringify(id)}: ${usage}`);
  const names = parts.length === 1 ? ["goalId"] : ["customerId", "accountId", "goalId"];
  parts.forEach((p, i) => {
    if (!ID.test(p) || BigInt(p) > 2n ** 63n - 1n) {
      throw new ResourceIdError(`invalid goal id ${JSON.stringify(id)}: ${names[i]} ${JSON.stringify(p)} must be a positive whole number without leading zeros (${usage})`);
    }
  });
  return parts.length === 1 ? { goalId: parts[0] } : { customerId: parts[0], accountId: parts[1], goalId: parts[2] };
}
