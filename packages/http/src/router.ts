import { createRequire } from 'node:module';
import type KoaRouter from '@koa/router';

// @koa/router's CommonJS build, not its ES one. An ES import of node:http (which that build makes) fills
// the module namespace from every export, and the WebSocket getters among them load Node's bundled
// undici: about 13 MB of RSS that a server never uses. The same goes for our own sources, which take
// node:http through process.getBuiltinModule.
export const Router: typeof KoaRouter = createRequire(import.meta.url)('@koa/router');
export type Router = KoaRouter;
