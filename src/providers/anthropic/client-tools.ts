/**
 * Anthropic-defined client tools (bash, text editor, computer use, memory): the client runs them,
 * Anthropic defines their input schema, so a request names only `type` and `name`. For a model the
 * gateway translates, each becomes a function tool with the schema Anthropic documents, so the
 * model can call it and the call comes back to the client as a `tool_use` block of that name.
 *
 * Schemas as documented on platform.claude.com, "Agents and tools → Tool use": the Bash tool
 * (`command`, `restart`), the Text editor tool (`view`, `create`, `str_replace`, `insert`, and
 * `undo_edit` before `text_editor_20250429`), the Computer use tool (its actions by version) and
 * the Memory tool (`view`, `create`, `str_replace`, `insert`, `delete`, `rename`).
 */
import type { AnthropicTool } from '../../core/anthropic-wire.js';
import type { ChatTool, JsonObject } from '../../core/openai-wire.js';

const string = (description: string): JsonObject => ({ type: 'string', description });
const integer = (description: string): JsonObject => ({ type: 'integer', description });
const point = (description: string): JsonObject => ({ type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2, description });
const commands = (names: string[]): JsonObject => ({ type: 'string', enum: names, description: `The command to run: ${names.join(', ')}.` });

const BASH: JsonObject = {
  type: 'object',
  properties: {
    command: string('The bash command to run. Required unless the tool is being restarted.'),
    restart: { type: 'boolean', description: 'Specifying true will restart this tool. Otherwise, leave this unspecified.' },
  },
};

function textEditor(names: string[]): JsonObject {
  return {
    type: 'object',
    properties: {
      command: commands(names),
      path: string('Absolute path to the file or directory.'),
      file_text: string('Required for create: the content of the file to be created.'),
      old_str: string('Required for str_replace: the text to replace, matching exactly one place in the file.'),
      new_str: string('For str_replace: the replacement text. Required for insert: the text to insert.'),
      insert_line: integer('Required for insert: the line after which to insert new_str (0 for the start of the file).'),
      view_range: { type: 'array', items: { type: 'integer' }, description: 'For view of a file: [start, end] lines, 1-indexed; end -1 reads to the end.' },
    },
    required: ['command', 'path'],
  };
}

function computer(actions: string[], extra: Record<string, JsonObject>): JsonObject {
  return {
    type: 'object',
    properties: {
      action: { type: 'string', enum: actions, description: 'The action to perform.' },
      coordinate: point('[x, y] pixel position on the screen, for actions at a position.'),
      text: string('The text to type, or the key (xdotool syntax) to press or hold.'),
      ...extra,
    },
    required: ['action'],
  };
}

const COMPUTER_20241022 = ['key', 'type', 'mouse_move', 'left_click', 'left_click_drag', 'right_click', 'middle_click', 'double_click', 'screenshot', 'cursor_position'];
const COMPUTER_20250124 = [
  'key', 'hold_key', 'type', 'cursor_position', 'mouse_move', 'left_mouse_down', 'left_mouse_up', 'left_click', 'left_click_drag',
  'right_click', 'middle_click', 'double_click', 'triple_click', 'scroll', 'wait', 'screenshot',
];
const COMPUTER_20250124_EXTRA: Record<string, JsonObject> = {
  duration: { type: 'number', description: 'Seconds to hold the key or to wait.' },
  scroll_direction: { type: 'string', enum: ['up', 'down', 'left', 'right'], description: 'The direction to scroll.' },
  scroll_amount: integer('The number of scroll steps.'),
  start_coordinate: point('[x, y] pixel position where a left_click_drag starts.'),
};

const MEMORY: JsonObject = {
  type: 'object',
  properties: {
    command: commands(['view', 'create', 'str_replace', 'insert', 'delete', 'rename']),
    path: string('Path in the /memories directory (all commands but rename).'),
    view_range: { type: 'array', items: { type: 'integer' }, description: 'For view of a file: [start, end] lines.' },
    file_text: string('Required for create: the content of the file.'),
    old_str: string('Required for str_replace: the text to replace.'),
    new_str: string('Required for str_replace: the replacement text.'),
    insert_line: integer('Required for insert: the line at which to insert.'),
    insert_text: string('Required for insert: the text to insert.'),
    old_path: string('Required for rename: the current path.'),
    new_path: string('Required for rename: the new path.'),
  },
  required: ['command'],
};

const EDITOR_WITH_UNDO = textEditor(['view', 'create', 'str_replace', 'insert', 'undo_edit']);
const EDITOR = textEditor(['view', 'create', 'str_replace', 'insert']);
const EDITOR_DESCRIPTION = 'View, create and edit text files.';
const COMPUTER_DESCRIPTION = 'Use a mouse and keyboard to interact with a computer, and take screenshots.';

/** Each known Anthropic-defined client tool `type`: its description and input schema. */
const CLIENT_TOOLS: ReadonlyMap<string, { description: string; schema: JsonObject }> = new Map([
  ['bash_20241022', { description: 'Run commands in a persistent bash shell.', schema: BASH }],
  ['bash_20250124', { description: 'Run commands in a persistent bash shell.', schema: BASH }],
  ['text_editor_20241022', { description: EDITOR_DESCRIPTION, schema: EDITOR_WITH_UNDO }],
  ['text_editor_20250124', { description: EDITOR_DESCRIPTION, schema: EDITOR_WITH_UNDO }],
  ['text_editor_20250429', { description: EDITOR_DESCRIPTION, schema: EDITOR }],
  ['text_editor_20250728', { description: EDITOR_DESCRIPTION, schema: EDITOR }],
  ['computer_20241022', { description: COMPUTER_DESCRIPTION, schema: computer(COMPUTER_20241022, {}) }],
  ['computer_20250124', { description: COMPUTER_DESCRIPTION, schema: computer(COMPUTER_20250124, COMPUTER_20250124_EXTRA) }],
  ['memory_20250818', { description: 'View, create, edit, rename and delete files in the /memories directory, kept across conversations.', schema: MEMORY }],
]);

/**
 * An Anthropic-defined client tool as a function tool, or undefined when `type` is not one. The
 * computer tool's display size, which Claude reads from the tool, goes into the description.
 *
 * @example clientToolAsFunction({ type: 'bash_20250124', name: 'bash' })?.function.name // 'bash'
 */
export function clientToolAsFunction(tool: AnthropicTool): ChatTool | undefined {
  const known = typeof tool['type'] === 'string' ? CLIENT_TOOLS.get(tool['type']) : undefined;
  if (!known) return undefined;
  const width = tool['display_width_px'];
  const height = tool['display_height_px'];
  const display = typeof width === 'number' && typeof height === 'number' ? ` The display is ${width}x${height} pixels.` : '';
  return { type: 'function', function: { name: tool.name, description: known.description + display, parameters: known.schema } };
}
