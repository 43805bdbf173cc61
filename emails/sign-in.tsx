import { Link, Text } from "@react-email/components";
import { Layout } from "./layout";

export type SignInProps = { url: string; appUrl: string };

export const signInSubject = () => "Your sign-in link";

// The plain-text part carries the bare link (e2e tests and text-only mail clients read it there).
export function SignInEmail({ url, appUrl }: SignInProps) {
  return (
    <Layout preview="Your sign-in link" heading="Sign in to your bookings" appUrl={appUrl}>
      <Text>Open this link to sign in:</Text>
      <Text>
        <Link href={url}>{url}</Link>
      </Text>
      <Text>The link works once and expires in 24 hours. If you did not ask for it, ignore this e-mail.</Text>
    </Layout>
  );
}
