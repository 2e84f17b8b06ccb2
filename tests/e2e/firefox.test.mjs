import { defineSuite, defineToolbarSuite } from './suite.mjs';

defineSuite('firefox');
defineToolbarSuite('firefox');
