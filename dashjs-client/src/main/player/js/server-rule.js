'use strict';
// dash.js custom quality rule whose answer is the server's decision (docs/reference/abr.md §8.4, ABR id 4).
// The built-in rules are all switched off (see SessionPlayer.settings), so this rule alone picks
// the Representation of every media segment.
window.TB = window.TB || {};

/**
 * @param {{qualityForNextChunk: function(number): (number|null)}} decisions chooses the quality
 *        (0 = lowest bitrate) of the next media segment, or null for "no change"
 */
TB.createServerRule = function (decisions) {
  function ServerAbrRule() {
    const context = this.context;
    const SwitchRequest = dashjs.FactoryMaker.getClassFactoryByName('SwitchRequest');

    function getSwitchRequest(rulesContext) {
      const request = SwitchRequest(context).create();
      if (rulesContext.getMediaType() !== 'video') return request;
      // sorted by bitrate ascending, so the index is the quality q of docs/reference/abr.md §0
      const reps = rulesContext.getAbrController().getPossibleVoRepresentations(rulesContext.getMediaInfo(), true);
      if (!reps || reps.length === 0) return request;
      const q = decisions.qualityForNextChunk(reps.length);
      if (q === null) return request;
      request.representation = reps[Math.max(0, Math.min(reps.length - 1, q))];
      request.priority = SwitchRequest.PRIORITY.STRONG;
      request.reason = { rule: 'ServerAbrRule', quality: q };
      return request;
    }

    return { getSwitchRequest, reset() {} };
  }
  ServerAbrRule.__dashjs_factory_name = 'ServerAbrRule';
  return dashjs.FactoryMaker.getClassFactory(ServerAbrRule);
};
