import { defineSuite } from './suite.mjs';

defineSuite('chrome');
