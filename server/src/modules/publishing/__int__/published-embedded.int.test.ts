import { publishingSuite } from './publishing-suite.js';

publishingSuite('embedded LRU', {});
