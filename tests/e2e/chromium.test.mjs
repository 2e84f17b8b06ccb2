import { defineSuite, defineToolbarSuite } from './suite.mjs';
import { defineLeakCanary } from './leak-canary.mjs';

defineSuite('chrome');
defineToolbarSuite('chrome');
defineLeakCanary('chrome');
