import { muteBundlingLines } from '../../infra/quiet-bundling';

// Test output is test results: the infra tests bundle every function, as synth does.
muteBundlingLines();
