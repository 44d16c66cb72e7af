// A real OpenID Provider for the end-to-end tests: panva's oidc-provider (OpenID Certified),
// on loopback, with its built-in login and consent pages. Accounts are the people below; any
// password is accepted, as in the package's development interactions.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3190);
const chorus = process.env.CHORUS_URL ?? "http://127.0.0.1:3100";

// What the company directory says about each person; Chorus reads the last three claims.
const people = {
  "noa.peretz": {
    email: "noa.peretz@chorus.example",
    email_verified: true,
    name: "Noa Peretz",
    department: "Research",
    region: "APAC",
    manager_email: "amara.okafor@chorus.example",
  },
  mia: { email: "member@chorus.example", email_verified: true, name: "Mia Member" },
  unverified: { email: "unverified@chorus.example", email_verified: false, name: "Una Verified" },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: "chorus",
      client_secret: "chorus-e2e-secret",
      redirect_uris: [`${chorus}/api/sso/callback`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "department", "region", "manager_email"],
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    const person = people[id];
    if (!person) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...person }) };
  },
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening on http://127.0.0.1:${port}`);
});
