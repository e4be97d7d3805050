//go:build linux && cgo && !wayland

package ui

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

static int advocateXError;

static int advocateOnXError(Display *d, XErrorEvent *e) {
	advocateXError = e->error_code;
	return 0;
}

// advocateWindowPos reads where the inside of window w starts on its
// screen, as GLFW does, and the size of that screen.
static int advocateWindowPos(Display *d, Window w, int *x, int *y, int *sw, int *sh) {
	XWindowAttributes a;
	Window child;
	int ok;
	advocateXError = 0;
	XErrorHandler old = XSetErrorHandler(advocateOnXError);
	ok = XGetWindowAttributes(d, w, &a) && XTranslateCoordinates(d, w, a.root, 0, 0, x, y, &child);
	if (ok) {
		*sw = WidthOfScreen(a.screen);
		*sh = HeightOfScreen(a.screen);
	}
	XSync(d, False);
	XSetErrorHandler(old);
	return ok && advocateXError == 0;
}

// advocateMoveWindow moves window w's inside to x, y; GLFW's windows ask
// the window manager for static gravity, so the frame goes around it.
static int advocateMoveWindow(Display *d, Window w, int x, int y) {
	advocateXError = 0;
	XErrorHandler old = XSetErrorHandler(advocateOnXError);
	XMoveWindow(d, w, x, y);
	XSync(d, False);
	XSetErrorHandler(old);
	return advocateXError == 0;
}
*/
import "C"

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// xDisplay is Advocate's own connection to the X server, opened when first
// needed and kept for the life of the process; nil without one. It is used
// from the UI goroutine only, as GLFW's is, so that the error handler set
// around each call meets no other X call.
var xDisplay = sync.OnceValue(func() *C.Display { return C.XOpenDisplay(nil) })

// x11Window is the X window behind w, or 0.
func x11Window(w fyne.Window) C.Window {
	var handle uintptr
	if nw, ok := w.(driver.NativeWindow); ok {
		nw.RunNative(func(ctx any) {
			if x, ok := ctx.(driver.X11WindowContext); ok {
				handle = x.WindowHandle
			}
		})
	}
	return C.Window(handle)
}

// windowPlace reads where w is on the screen and the screen's size; ok is
// false where that cannot be known.
func windowPlace(w fyne.Window) (p place, ok bool) {
	d, win := xDisplay(), x11Window(w)
	if d == nil || win == 0 {
		return place{}, false
	}
	var x, y, sw, sh C.int
	if C.advocateWindowPos(d, win, &x, &y, &sw, &sh) == 0 {
		return place{}, false
	}
	return place{X: int(x), Y: int(y), ScreenW: int(sw), ScreenH: int(sh)}, true
}

// moveWindow puts w's inside at x, y on the screen.
func moveWindow(w fyne.Window, x, y int) bool {
	d, win := xDisplay(), x11Window(w)
	return d != nil && win != 0 && C.advocateMoveWindow(d, win, C.int(x), C.int(y)) != 0
}
