/**
 * The operation errors the emulator can answer, with the numeric and symbolic codes and messages of
 * the reference's operation-error-codes list (shared/reference/operation-error-codes.tsv).
 */
export const ERRORS = {
  InternalError: { code: 0, message: "An internal error has occurred." },
  InvalidCredentials: { code: 105, message: "Authentication failed. Either supplied credentials are invalid or the account is inactive." },
  UserIsNotAuthorized: { code: 106, message: "The user is not authorized to perform this action." },
  AuthenticationTokenExpired: { code: 109, message: "Authentication token expired. Please renew it or obtain a new token." },
  CallRateExceeded: {
    code: 117,
    message:
      "You have exceeded the number of calls that you are allowed to make in a minute. Please reduce the number of calls that you make per minute.",
  },
  OperationNotSupported: { code: 204, message: "The operation is not supported." },
  CampaignServiceCustomerIdHasToBeSpecified: { code: 1029, message: "The CustomerId element must be specified for this operation." },
  CampaignServiceAccountIdHasToBeSpecified: { code: 1030, message: "The CustomerAccountId element must be specified for this operation." },
  CampaignServiceInvalidAccountId: { code: 1102, message: "The account identifier is not valid." },
  CampaignServiceInvalidCustomerId: { code: 1490, message: "The customer identifier is not valid." },
  InvalidConversionGoalId: { code: 5314, message: "The Conversion Goal ID is invalid." },
  DuplicateConversionGoalId: { code: 5315, message: "Duplicate Conversion Goal IDs are not allowed." },
  DuplicateConversionGoalName: { code: 5316, message: "Duplicate Conversion Goal names are not allowed." },
  ConversionGoalNameAlreadyExists: { code: 5317, message: "The Conversion Goal with the same name already exists for the customer." },
  ConversionGoalIdArrayExceedsLimit: { code: 5318, message: "The list of Conversion Goal IDs exceeds the limit for the current operation." },
  ConversionGoalNameNotPassed: { code: 5319, message: "The Conversion Goal name is required." },
  InvalidConversionGoalName: { code: 5320, message: "The Conversion Goal name is invalid or exceeds the length limit." },
  ConversionGoalsNotPassed: { code: 5321, message: "The Conversion Goals are required." },
  ConversionGoalArrayExceedsLimit: { code: 5322, message: "The list of Conversion Goals exceeds the limit." },
  ConversionGoalIsNull: { code: 5323, message: "The Conversion Goal is required." },
  ConversionGoalIdIsNotNull: { code: 5324, message: "The Conversion Goal ID must be null." },
  ConversionGoalIdIsNull: { code: 5325, message: "The Conversion Goal ID is required." },
  TotalConversionGoalsExceedAccountLimit: { code: 5326, message: "The total Conversion Goal count would exceed the account level limit." },
  TotalConversionGoalsExceedCustomerLimit: { code: 5327, message: "The total Conversion Goal count would exceed the customer level limit." },
  InvalidConversionGoalStatus: { code: 5328, message: "The Conversion Goal status is invalid." },
  ConversionGoalTypesNotPassed: { code: 5329, message: "The Conversion Goal types are required." },
  ConversionGoalTypeNotMatched: { code: 5331, message: "The Conversion Goal type should be matched to the goal entity." },
  InvalidConversionGoalRevenueType: { code: 5332, message: "The Conversion Goal revenue type is invalid." },
  InvalidConversionGoalRevenueValue: { code: 5333, message: "The Conversion Goal revenue value is invalid." },
  InvalidConversionGoalConversionWindow: { code: 5337, message: "The Conversion Window for Conversion Goal is invalid." },
  ConversionGoalTypesDoNotMatchExistingValue: {
    code: 5347,
    message: "The requested conversion goal types do not match the existing conversion goal type.",
  },
  InvalidGoalCurrencyCode: { code: 5351, message: "The currency code of the goal is invalid." },
  GoalCurrencyCodeIsNull: { code: 5355, message: "The currency code is required for this goal type." },
  GoalTypeCannotBeChanged: { code: 5356, message: "The goal type can't be changed for In-Store Transaction Goal or Offline Conversion Goal." },
} as const;

/** A symbolic error code the emulator knows. */
export type ErrorName = keyof typeof ERRORS;

/** An item-level error, rendered as a BatchError in PartialErrors or in a fault's BatchErrors. */
export interface BatchErrorOut {
  index: number;
  name: ErrorName;
  /** Overrides the reference message where the emulator can say more (it never echoes secrets). */
  message?: string;
  fieldPath?: string;
}
