/**
 * The page loads the lessons and the library on demand (src/ui/state/content.ts); unit tests that
 * drive the store or render the app have them at hand, as the page does once they have loaded.
 */
import { LESSONS } from '../../../src/scenario/lessons';
import { LIBRARY } from '../../../src/scenario/library';
import { provideContent } from '../../../src/ui/state/content';

provideContent({ library: LIBRARY, lessons: LESSONS });
