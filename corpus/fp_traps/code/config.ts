// Configuration is read from the environment at startup; nothing secret is committed here.
export interface AuthConfig {
  apiKey: string;
  clientSecret?: string;
  password: string | undefined;
  token: string | null;
}

export const config: AuthConfig = {
  apiKey: process.env.ACME_API_KEY!,
  clientSecret: process.env.OAUTH_CLIENT_SECRET,
  password: process.env.SMTP_PASSWORD,
  token: null,
};

export function authHeader(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

const secretKey = await secrets.get("jwt-signing-key");
const accessKey = readFileSync("/run/secrets/access_key", "utf8").trim();
if (password === confirmPassword) { submit(); }
