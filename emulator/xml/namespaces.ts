/** Namespace URIs of the Campaign Management v13 wire format. */
export const NS = {
  soapEnv: "http://schemas.xmlsoap.org/soap/envelope/",
  soap12Env: "http://www.w3.org/2003/05/soap-envelope",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  v13: "https://bingads.microsoft.com/CampaignManagement/v13",
  adapi: "https://adapi.microsoft.com",
  arrays: "http://schemas.microsoft.com/2003/10/Serialization/Arrays",
  system: "http://schemas.datacontract.org/2004/07/System",
  generic: "http://schemas.datacontract.org/2004/07/System.Collections.Generic",
  xmlns: "http://www.w3.org/2000/xmlns/",
  xml: "http://www.w3.org/XML/1998/namespace",
} as const;
