import t from 'tap';
import { feedSuite } from './support/feed-suite.js';

feedSuite(t);
