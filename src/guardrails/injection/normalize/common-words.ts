/**
 * Frequent English words, plus the vocabulary of instructions to a model, used to tell whether a
 * ROT13-rotated segment reads as English. Kept short on purpose: it only needs to separate
 * English from rotated English, not to be a dictionary.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'the be to of and a in that have i it for not on with he as you do at this but his by from they we say her she ' +
    'or an will my one all would there their what so up out if about who get which go me when make can like time no ' +
    'just him know take people into year your good some could them see other than then now look only come its over ' +
    'think also back after use two how our work first well way even new want because any these give day most us is ' +
    'are was were been has had did does should must tell write show how please now never always every ' +
    'ignore previous instructions instruction rules prompt system forget disregard above below answer respond response ' +
    'reply output text message secret password reveal print repeat say word words following task user assistant model ' +
    'act pretend role character mode developer free without restrictions filter policy policies'
  ).split(' '),
);
