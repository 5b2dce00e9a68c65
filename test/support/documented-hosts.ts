import { HttpRequest, nodeTransport, Transport, TransportError } from "../../provider/client";

/**
 * The hosts of the real service and of both sign-in services, as the Microsoft Advertising documentation and the
 * official SDKs name them. Nothing else is routed, so a client that used any other address fails.
 */
export const DOCUMENTED_HOSTS = [
  "campaign.api.bingads.microsoft.com",
  "campaign.api.sandbox.bingads.microsoft.com",
  "login.microsoftonline.com",
  "login.windows-ppe.net",
] as const;

/**
 * A transport that sends requests for the documented https hosts to an emulator (same path and query), so the
 * client's real `production` and `sandbox` presets run end to end. `seen` records the URLs as the client built them.
 */
export function documentedHostsTransport(emulatorOrigin: string, inner: Transport = nodeTransport): { transport: Transport; seen: HttpRequest[] } {
  const seen: HttpRequest[] = [];
  const transport: Transport = async (req) => {
    seen.push(req);
    const url = new URL(req.url);
    if (url.protocol !== "https:" || !(DOCUMENTED_HOSTS as readonly string[]).includes(url.host)) {
      throw new TransportError("connect", false, `test transport: ${url.protocol}//${url.host} is not a documented Microsoft Advertising host`);
    }
    return inner({ ...req, url: `${emulatorOrigin}${url.pathname}${url.search}` });
  };
  return { transport, seen };
}
