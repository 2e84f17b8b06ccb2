import { defineSuite, defineToolbarSuite } from './suite.mjs';
import { defineLeakCanary } from './leak-canary.mjs';

defineSuite('firefox');
defineToolbarSuite('firefox');
defineLeakCanary('firefox');
