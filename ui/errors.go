package ui

import (
	"errors"
	"log"

	"fyne.io/fyne/v2/lang"

	"github.com/advocate-app/advocate/advocacy/core"
)

// userError words err for the user, in their language, with what to do
// next; the core classifies it (core.Explain). The whole error, with the
// packages' names, goes to the log.
func userError(err error) string {
	if err == nil {
		return ""
	}
	log.Printf("advocate: %v", err)
	if errors.Is(err, errNoBrowser) {
		return lang.L("No web browser could be opened here, so the address is on the clipboard: paste it into a browser.")
	}
	e := core.Explain(err)
	a := args{"Network": e.Network, "Status": e.Status, "Count": e.Count, "Limit": e.Limit, "Detail": e.Detail}
	if text := troubleText(e, a); text != "" {
		return text
	}
	return lang.L("Something went wrong: {{.Detail}}", a)
}

// troubleText is the sentence for e's trouble, or "" for one with none.
func troubleText(e core.Explained, a args) string {
	switch e.Trouble {
	case core.TroubleEmpty:
		return lang.L("the post is empty")
	case core.TroubleBlocked:
		return lang.L("the policy check blocks this post")
	case core.TroubleReasonNeeded:
		return lang.L("say in a few words why sharing this is right despite the warnings")
	case core.TroubleNotChecked:
		return lang.L("the post could not be checked against the policy, so it cannot be shared")
	case core.TroubleNoPolicy:
		return lang.L("no policy is in force")
	case core.TroubleMissingSignIn:
		return lang.L("give your handle and an app password")
	case core.TroubleAccountGone:
		return lang.L("the account this was queued for is no longer connected; connect it again under Accounts")
	case core.TroubleNotLoadedYet:
		return lang.L("the organisation's bundle has not been loaded yet")
	case core.TroubleNoApp:
		return lang.L("Your organisation has not registered an app for this network: share through your browser from Compose.")
	case core.TroubleOffline:
		return lang.L("Advocate cannot reach the server: check your connection. Nothing was lost; it is tried again later.")
	case core.TroubleTimeout:
		return lang.L("The server did not answer in time. Nothing was lost; try again in a moment.")
	case core.TroubleReconnect:
		return lang.L("The network no longer accepts your sign-in: connect the account again under Accounts.")
	case core.TroubleRateLimited:
		if !e.Until.IsZero() {
			a["Time"] = e.Until.Local().Format("15:04")
			return lang.L("The server asks Advocate to wait until {{.Time}}; it tries again then.", a)
		}
		return lang.L("The server asks Advocate to wait a while; it tries again later.")
	case core.TroubleTooLong:
		return lang.L("The post is too long for {{.Network}} ({{.Count}} of {{.Limit}} characters): shorten it in Compose.", a)
	case core.TroubleDuplicate:
		return lang.L("The network already has this post.")
	case core.TroubleServerDown:
		return lang.L("{{.Network}} is having trouble (it answered {{.Status}}); Advocate tries again later.", a)
	case core.TroubleRefused:
		if e.Detail != "" {
			return lang.L("{{.Network}} refused it (answer {{.Status}}: {{.Detail}}).", a)
		}
		return lang.L("{{.Network}} refused it (answer {{.Status}}).", a)
	case core.TroubleUnreadable:
		return lang.L("The answer could not be read, so the outcome is not known: look on the network before trying again.")
	case core.TroubleNotVerified:
		return lang.L("The organisation's bundle failed its signature check, so the one in force stays: {{.Detail}}", a)
	case core.TroubleRollback:
		return lang.L("The server offered an older bundle than the one in force, so the one in force stays: {{.Detail}}", a)
	case core.TroubleNoKey:
		return lang.L("Paste the organisation's publisher key (minisign) in Settings to load this bundle.")
	case core.TroubleNotKept:
		return lang.L("No copy of this bundle is kept on this computer yet: connect once to fetch it.")
	case core.TroubleKeyring:
		return lang.L("The system keyring cannot be reached: unlock it (or start it) and try again.")
	case core.TroubleSecretMissing:
		return lang.L("The keyring no longer holds this sign-in: connect the account again under Accounts.")
	case core.TroubleDatabaseBusy:
		return lang.L("Another program holds Advocate's database: close other copies of Advocate and try again.")
	case core.TroubleDatabaseDamaged:
		return lang.L("Advocate's database is damaged: move it aside to start afresh, or restore a backup.")
	case core.TroubleDatabaseTooNew:
		return lang.L("Advocate's database was written by a newer version: install that version again.")
	case core.TroubleAlreadyRunning:
		return lang.L("Advocate is already running: switch to its window.")
	case core.TroublePrivateAddress:
		return lang.L("That feed is on a private network address, which only your organisation's bundle can allow.")
	case core.TroubleTrailBroken:
		return lang.L("The audit trail on this computer was changed outside Advocate ({{.Detail}}). This is on the record for your organisation; tell your compliance team.", a)
	case core.TroubleNotForRole:
		return lang.L("This post shares an item meant for employees only, so it stays held now that you are alumni; write your own post in Compose instead.")
	case core.TroubleUnknownNetwork:
		return lang.L("Advocate does not know the network {{.Network}}.", a)
	}
	return ""
}
