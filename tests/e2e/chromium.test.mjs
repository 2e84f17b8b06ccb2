import { defineSuite, defineToolbarSuite } from './suite.mjs';

defineSuite('chrome');
defineToolbarSuite('chrome');
