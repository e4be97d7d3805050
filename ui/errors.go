package ui

import (
	"errors"
	"regexp"

	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/core"
)

// knownErrors are the core's errors a user can act on, each with the
// sentence that says what to do.
var knownErrors = []struct {
	err  error
	text func() string
}{
	{core.ErrEmpty, func() string { return lang.L("the post is empty") }},
	{core.ErrBlocked, func() string { return lang.L("the policy check blocks this post") }},
	{core.ErrReasonNeeded, func() string {
		return lang.L("say in a few words why sharing this is right despite the warnings")
	}},
	{core.ErrNotChecked, func() string {
		return lang.L("the post could not be checked against the policy, so it cannot be shared")
	}},
	{core.ErrNoPolicy, func() string { return lang.L("no policy is in force") }},
	{core.ErrMissingSignIn, func() string { return lang.L("give your handle and an app password") }},
	{core.ErrAccountGone, func() string {
		return lang.L("the account this was queued for is no longer connected; connect it again under Accounts")
	}},
	{core.ErrNotLoadedYet, func() string { return lang.L("the organisation's bundle has not been loaded yet") }},
}

// packagePrefix is the "name: " a Go package puts before its messages.
var packagePrefix = regexp.MustCompile(`(^|; |: )[a-z]+: `)

// userError words err for the user: a translated sentence for the errors
// the core names, else the message without the packages' prefixes (which
// stay in the logs).
func userError(err error) string {
	for _, k := range knownErrors {
		if errors.Is(err, k.err) {
			return k.text()
		}
	}
	return packagePrefix.ReplaceAllString(err.Error(), "$1")
}
