package ui

import (
	"context"
	"errors"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
)

// suggestDesk is "Suggest a post": the user proposes a link, with a line
// on why, to the organisation's publishing team. The suggestion goes to
// the bundle's suggestions endpoint (queued while offline, sent once) or
// opens a message in the user's mail program.
type suggestDesk struct {
	s *session
	// The open dialog's parts; nil while it is closed.
	dialog *dialog.CustomDialog
	link   *widget.Entry
	title  *widget.Entry
	why    *widget.Entry
	status *widget.Label
	recent *widget.Label
	send   *widget.Button
	// last is the suggestion queued from the open dialog, 0 for none.
	last int64
}

// newSuggestDesk makes the desk and follows the core's suggestions; the
// main menu's File › Suggest a post (Ctrl+Shift+S) opens it too.
func newSuggestDesk(s *session) *suggestDesk {
	d := &suggestDesk{s: s}
	s.core.Subscribe(func(e core.Event) {
		if e == core.SuggestionsChanged {
			fyne.Do(d.reload)
		}
	})
	return d
}

// button opens the dialog.
func (d *suggestDesk) button() *widget.Button {
	return widget.NewButtonWithIcon(lang.L("Suggest a post"), theme.ContentAddIcon(), d.open)
}

// open shows the dialog for the bundle in force.
func (d *suggestDesk) open() {
	if d.dialog != nil {
		return
	}
	via, where := d.s.core.SuggestTarget()
	org := d.s.state().Bundle.Manifest.Org.Name
	d.status, d.recent = wrapped(""), wrapped("")
	d.status.Hide()
	d.last = 0
	if via == core.SuggestNowhere {
		body := wrapped(lang.L("{{.Org}} takes no suggestions through Advocate: ask the people who publish its approved content how to propose a post.", args{"Org": org}))
		dlg := dialog.NewCustom(lang.L("Suggest a post"), lang.L("Close"), body, d.s.win)
		dlg.Resize(fyne.NewSize(min(520, d.s.win.Canvas().Size().Width-40), 0))
		dlg.Show()
		return
	}
	intro := lang.L("Propose a link for {{.Org}}'s approved content, with a line on why it is worth sharing. The publishing team reads every suggestion; if you are offline it waits here and is sent once you are back.", args{"Org": org})
	sendText := lang.L("Send the suggestion")
	if via == core.SuggestByMail {
		intro = lang.L("Propose a link for {{.Org}}'s approved content, with a line on why it is worth sharing. Advocate opens a message to {{.Address}} in your mail program for you to send.", args{"Org": org, "Address": where})
		sendText = lang.L("Write the e-mail")
	}
	d.link = widget.NewEntry()
	d.link.SetPlaceHolder("https://…")
	d.title = widget.NewEntry()
	d.title.SetPlaceHolder(lang.L("Its title (optional)"))
	d.why = widget.NewMultiLineEntry()
	d.why.SetPlaceHolder(lang.L("Why it is worth sharing, in a line"))
	d.why.SetMinRowsVisible(2)
	d.send = widget.NewButtonWithIcon(sendText, theme.MailSendIcon(), func() { d.submit(via) })
	d.send.Importance = widget.HighImportance
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Link"), d.link),
		widget.NewFormItem(lang.L("Title"), d.title),
		widget.NewFormItem(lang.L("Why"), d.why))
	body := container.NewVBox(wrapped(intro), form, container.NewHBox(d.send), d.status, d.recent)
	d.dialog = dialog.NewCustom(lang.L("Suggest a post"), lang.L("Close"), body, d.s.win)
	d.dialog.SetOnClosed(func() { d.dialog = nil })
	d.dialog.Resize(fyne.NewSize(min(560, d.s.win.Canvas().Size().Width-40), 0))
	d.dialog.Show()
	d.s.win.Canvas().Focus(d.link)
	d.reload()
}

// submit hands the suggestion to the core, off the UI goroutine.
func (d *suggestDesk) submit(via core.SuggestVia) {
	s := core.Suggestion{URL: d.link.Text, Why: d.why.Text, Title: d.title.Text}
	d.send.Disable()
	d.s.async(func(ctx context.Context) {
		made, err := d.s.core.Suggest(ctx, s)
		fyne.Do(func() {
			if d.dialog == nil {
				return
			}
			d.send.Enable()
			switch {
			case err != nil:
				say(d.status, suggestError(err))
			case made.Via == core.SuggestByMail:
				d.mail(made.Mail, s)
			default:
				d.last = made.ID
				d.link.SetText("")
				d.title.SetText("")
				d.why.SetText("")
				say(d.status, queuedText())
				d.reload()
			}
		})
	})
}

// mail opens the message to addr in the user's mail program.
func (d *suggestDesk) mail(addr string, s core.Suggestion) {
	what := s.Title
	if what == "" {
		what = s.URL
	}
	subject := lang.L("Suggested post: {{.What}}", args{"What": what})
	body := lang.L("I suggest sharing this:\n{{.Link}}\n\nWhy: {{.Why}}", args{"Link": s.URL, "Why": s.Why})
	u, err := url.Parse(core.MailtoLink(addr, subject, body))
	if err == nil {
		err = d.s.browse(u)
	}
	if err != nil {
		say(d.status, userError(err))
		return
	}
	say(d.status, lang.L("Your mail program has the message: send it from there."))
}

// reload reads the recent suggestions off the UI goroutine and shows
// where they stand.
func (d *suggestDesk) reload() {
	if d.dialog == nil {
		return
	}
	d.s.async(func(ctx context.Context) {
		list, err := d.s.core.Suggestions(ctx)
		fyne.Do(func() {
			if d.dialog == nil || err != nil {
				return
			}
			d.show(list)
		})
	})
}

// show says where the suggestions made here stand, the one just queued
// first.
func (d *suggestDesk) show(list []core.MadeSuggestion) {
	text := ""
	for i, sg := range list {
		if i == 5 {
			break
		}
		line := suggestionLine(sg)
		if sg.ID == d.last {
			say(d.status, line)
			if sg.State == core.SuggestionQueued && sg.Attempts == 0 {
				say(d.status, queuedText())
			}
		}
		if text != "" {
			text += "\n"
		}
		text += "• " + line
	}
	if text != "" {
		text = lang.L("Your last suggestions:") + "\n" + text
	}
	d.recent.SetText(text)
}

// queuedText says a suggestion just made is queued.
func queuedText() string {
	return lang.L("Queued: your suggestion is sent as soon as the organisation can be reached.")
}

// suggestionLine says where one suggestion stands.
func suggestionLine(sg core.MadeSuggestion) string {
	a := args{"Link": sg.URL, "Time": minute(sg.SentAt)}
	switch sg.State {
	case core.SuggestionSent:
		return lang.L("Sent {{.Time}}: {{.Link}}", a)
	case core.SuggestionRefused:
		return lang.L("Refused by the organisation: {{.Link}}", a)
	}
	if sg.Attempts > 0 {
		a["Time"] = minute(sg.NextTry)
		return lang.L("Queued, not sent yet (the organisation could not be reached); tried again {{.Time}}: {{.Link}}", a)
	}
	return lang.L("Queued: {{.Link}}", a)
}

// suggestError words what is wrong with a suggestion.
func suggestError(err error) string {
	switch {
	case errors.Is(err, core.ErrSuggestionLink):
		return lang.L("Give the link as a full https:// address.")
	case errors.Is(err, core.ErrSuggestionWhy):
		return lang.L("Say in a line (at most 500 characters) why it is worth sharing.")
	case errors.Is(err, core.ErrNoSuggestions):
		return lang.L("The organisation no longer takes suggestions through Advocate.")
	}
	return userError(err)
}
