// Worker threads do not inherit the parent's TypeScript loader, so the worker's entry is
// plain JavaScript that registers tsx and then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./onnx-host-worker.ts');
