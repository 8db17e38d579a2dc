package assistant

import "github.com/nevsim/cockpit/drive/session"

// Voice is the assistant as the drive session's voice layer: Hear, Reply
// after the step that applied the commands, See.
func (a *Assistant) Voice() session.Voice { return a }
