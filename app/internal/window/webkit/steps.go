package webkit

/*
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include <stdint.h>
#include <stdlib.h>

extern void mpsimStepDone(uintptr_t h, unsigned id, char *json, char *err);

// Scenario steps run in an isolated world of their own: the page shares
// the DOM but cannot see, call or change the step runner, and the runner
// does not see the page's globals (or the audit world's).
#define STEPS_WORLD "mpsim-steps"
typedef struct { uintptr_t h; unsigned id; } mpsim_step_t;

static void on_step_done(GObject *src, GAsyncResult *res, gpointer d) {
	mpsim_step_t *x = d;
	GError *err = NULL;
	JSCValue *v = webkit_web_view_call_async_javascript_function_finish(WEBKIT_WEB_VIEW(src), res, &err);
	if (v == NULL) {
		mpsimStepDone(x->h, x->id, NULL, err != NULL ? err->message : "the step's script failed");
	} else {
		char *json = jsc_value_is_string(v) ? jsc_value_to_string(v) : NULL;
		mpsimStepDone(x->h, x->id, json, json == NULL ? "the step's script returned no string" : NULL);
		g_free(json);
		g_object_unref(v);
	}
	if (err != NULL) g_error_free(err);
	g_free(x);
}

// mpsim_step_agent registers the frame agent: a user script of the steps'
// world in every frame, run at document start, before the page's scripts.
static void mpsim_step_agent(WebKitWebView *v, const char *source) {
	WebKitUserContentManager *m = webkit_web_view_get_user_content_manager(v);
	WebKitUserScript *s = webkit_user_script_new_for_world(source, WEBKIT_USER_CONTENT_INJECT_ALL_FRAMES,
		WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, STEPS_WORLD, NULL, NULL);
	webkit_user_content_manager_add_script(m, s);
	webkit_user_script_unref(s);
}

// mpsim_step_watch registers the late-work watch (assets/steps/late.js):
// a user script of the page's own world in every frame, at document start.
static void mpsim_step_watch(WebKitWebView *v, const char *source) {
	WebKitUserContentManager *m = webkit_web_view_get_user_content_manager(v);
	WebKitUserScript *s = webkit_user_script_new(source, WEBKIT_USER_CONTENT_INJECT_ALL_FRAMES,
		WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, NULL, NULL);
	webkit_user_content_manager_add_script(m, s);
	webkit_user_script_unref(s);
}

static void mpsim_step(WebKitWebView *v, uintptr_t h, unsigned id, const char *body) {
	mpsim_step_t *x = g_new0(mpsim_step_t, 1);
	x->h = h;
	x->id = id;
	webkit_web_view_call_async_javascript_function(v, body, -1, NULL, STEPS_WORLD, "mpsim-step.js", NULL, on_step_done, x);
}
*/
import "C"

import "unsafe"

// StepDone receives a step's answer: the string its script returned, or
// why it failed (err not empty).
type StepDone func(json, err string)

// Step runs body, the body of an async function returning a string, in the
// isolated JavaScript world "mpsim-steps" of the top frame, and calls done
// with the string (on the GTK thread). Call it on the GTK thread.
func (v *View) Step(body string, done StepDone) {
	if v.handlers.steps == nil {
		v.handlers.steps = map[uint]StepDone{}
	}
	v.handlers.stepSeq++
	id := v.handlers.stepSeq
	v.handlers.steps[id] = done
	cb := C.CString(body)
	defer C.free(unsafe.Pointer(cb))
	C.mpsim_step(v.view, C.uintptr_t(v.handle), C.uint(id), cb)
}

// AddStepAgent registers source, the steps' frame agent, as a user script
// of the isolated world "mpsim-steps" in every frame, cross-origin ones
// included, at document start: the documents loaded from then on run it
// before any script of theirs. Call it on the GTK thread, before the first
// navigation.
func (v *View) AddStepAgent(source string) {
	cs := C.CString(source)
	defer C.free(unsafe.Pointer(cs))
	C.mpsim_step_agent(v.view, cs)
}

// AddStepWatch registers source, the steps' late-work watch, as a user
// script of the page's own world in every frame at document start (it
// wraps the page's timers and fetches; see assets/steps/late.js). Call it
// on the GTK thread, before the first navigation.
func (v *View) AddStepWatch(source string) {
	cs := C.CString(source)
	defer C.free(unsafe.Pointer(cs))
	C.mpsim_step_watch(v.view, cs)
}

//export mpsimStepDone
func mpsimStepDone(h C.uintptr_t, id C.uint, json, err *C.char) {
	hs := handlers(h)
	if hs == nil {
		return
	}
	done := hs.steps[uint(id)]
	delete(hs.steps, uint(id))
	if done == nil {
		return
	}
	j, msg := "", ""
	if json != nil {
		j = C.GoString(json)
	}
	if err != nil {
		msg = C.GoString(err)
	}
	done(j, msg)
}

// FailSteps answers every step still running with reason: a top-frame
// navigation leaves their scripts' promises pending for ever (the world
// they ran in is gone), so the host would otherwise wait out its deadline.
// Call it on the GTK thread.
func (v *View) FailSteps(reason string) {
	pending := v.handlers.steps
	v.handlers.steps = nil
	for _, done := range pending {
		done("", reason)
	}
}
