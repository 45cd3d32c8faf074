/** The CLI's entry into local models; loaded only when a `local` or `models` command runs. */
export { evalAction } from './eval-action.js';
export { modelsAction } from './models-action.js';
export { deleteModelAction } from './delete-models-action.js';
export { demoteModelAction, promoteModelAction, rollbackModelAction, unpinModelAction } from './manage-models-action.js';
export { predictAction } from './predict-action.js';
export { trainAction } from './train-action.js';
