/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Everything built goes under build/: the server bundle and the browser assets.
  serverBuildPath: "build/index.js",
  assetsBuildDirectory: "build/public/build",
  publicPath: "/build/",
  serverDependenciesToBundle: [/^react-leaflet/, /^@react-leaflet/],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
