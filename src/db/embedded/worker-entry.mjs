// The engine's thread starts here: it loads the TypeScript sources the way `npm start` does.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
