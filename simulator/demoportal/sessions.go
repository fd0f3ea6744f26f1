package demoportal

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Settings are what the page does on its own for one session: the
// AutoChoice, the hand-back API and the policy breaks of Config, which are
// the defaults of every session that has no Settings of its own (Session).
type Settings struct {
	// AutoChoice is as Config.AutoChoice ("" waits for the user).
	AutoChoice string
	// API is as Config.API ("" is APILegacy).
	API string
	// BreakPolicies is as Config.BreakPolicies.
	BreakPolicies bool
}

// Check reports a value New would refuse, and returns set with API ""
// written APILegacy.
func (set Settings) Check() (Settings, error) {
	if !slices.Contains(AutoChoices(), set.AutoChoice) {
		return set, fmt.Errorf("demoportal: unknown AutoChoice %q (known: %s)", set.AutoChoice, strings.Join(AutoChoices()[1:], ", "))
	}
	switch set.API {
	case "":
		set.API = APILegacy
	case APILegacy, APIInline:
	default:
		return set, fmt.Errorf("demoportal: unknown API %q (known: %s, %s)", set.API, APILegacy, APIInline)
	}
	return set, nil
}

// handBackAPI is the hand-back API the page uses with set: set.API, or
// APIInline for an inline-only AutoChoice.
func (set Settings) handBackAPI() string {
	if InlineChoice(set.AutoChoice) {
		return APIInline
	}
	return set.API
}

// Defaults returns the Settings of Config: those of every session without
// Settings of its own.
func (s *Server) Defaults() Settings {
	return Settings{AutoChoice: s.cfg.AutoChoice, API: s.cfg.API, BreakPolicies: s.cfg.BreakPolicies}
}

// Session gives the session whose launch carries transactionID (the
// transactionId parameter of contract §1.3, which the page sends back to
// the back end with its purchase) its own Settings until end is called:
// its page, its /api/config (?transactionId=) and its purchases follow
// them, while every other session keeps Config's. Nothing is added to the
// launch URL the page sees: the transactionId is already there, one per
// launch. It fails for an empty transactionID, for one that has Settings
// already (two sessions of one transactionId would get each other's), and
// for Settings New would refuse. end may be called more than once.
func (s *Server) Session(transactionID string, set Settings) (end func(), err error) {
	if transactionID == "" {
		return nil, errors.New("demoportal: a session's own settings need its launch's transactionId, and this launch sends none")
	}
	if set, err = set.Check(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.sessions[transactionID]; ok {
		return nil, fmt.Errorf("demoportal: another session with transactionId %q has settings of its own already", transactionID)
	}
	if s.sessions == nil {
		s.sessions = map[string]Settings{}
	}
	s.sessions[transactionID] = set
	done := false
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !done {
			done = true
			delete(s.sessions, transactionID)
		}
	}, nil
}

// settings returns the Settings of the session whose launch carries
// transactionID: its own (Session), else Config's.
func (s *Server) settings(transactionID string) Settings {
	if transactionID != "" {
		s.mu.Lock()
		set, ok := s.sessions[transactionID]
		s.mu.Unlock()
		if ok {
			return set
		}
	}
	return s.Defaults()
}
