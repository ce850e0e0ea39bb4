// esbuild bundles imported stylesheets into the console's one CSS file; to TypeScript they are bare imports
declare module '*.css';
