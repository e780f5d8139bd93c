import { expect } from 'chai';
import { Conflict, Forbidden, Invalid } from '../../../src/http/errors.js';
import { availableActions, isEditable, nextStatus } from '../../../src/reviews/transition.machine.js';

describe('submission state machine', () => {
  it('when every step is taken by the right role, then the full path ends accepted', () => {
    let s = nextStatus('draft', 'submit', 'agency');
    expect(s).to.equal('submitted');
    s = nextStatus(s, 'start_review', 'reviewer');
    expect(s).to.equal('in_review');
    s = nextStatus(s, 'request_changes', 'reviewer', 'Bổ sung căn cứ pháp lý cho dòng 2');
    expect(s).to.equal('changes_requested');
    s = nextStatus(s, 'submit', 'agency');
    expect(s).to.equal('in_review');
    s = nextStatus(s, 'accept', 'reviewer');
    expect(s).to.equal('accepted');
    expect(() => nextStatus(s, 'reopen', 'admin')).to.throw(Invalid);
    expect(nextStatus(s, 'reopen', 'admin', 'Cơ quan gửi bổ sung văn bản')).to.equal('in_review');
  });

  it('when the state does not allow the action, then it throws Conflict', () => {
    expect(() => nextStatus('draft', 'accept', 'reviewer')).to.throw(Conflict);
    expect(() => nextStatus('submitted', 'submit', 'agency')).to.throw(Conflict);
    expect(() => nextStatus('accepted', 'request_changes', 'reviewer', 'x')).to.throw(Conflict);
    expect(() => nextStatus('in_review', 'reopen', 'admin')).to.throw(Conflict);
  });

  it('when the role may never take the action, then it throws Forbidden', () => {
    expect(() => nextStatus('in_review', 'accept', 'agency')).to.throw(Forbidden);
    expect(() => nextStatus('draft', 'submit', 'reviewer')).to.throw(Forbidden);
    expect(() => nextStatus('accepted', 'reopen', 'reviewer')).to.throw(Forbidden);
  });

  it('when changes are requested without a message, then it is invalid', () => {
    expect(() => nextStatus('in_review', 'request_changes', 'reviewer', '   ')).to.throw(Invalid);
  });

  it('offers only the actions the server would accept', () => {
    expect(availableActions('in_review', 'reviewer')).to.deep.equal(['request_changes', 'accept']);
    expect(availableActions('in_review', 'agency')).to.deep.equal([]);
    expect(availableActions('changes_requested', 'agency')).to.deep.equal(['submit']);
    expect(isEditable('changes_requested')).to.equal(true);
    expect(isEditable('submitted')).to.equal(false);
  });
});
