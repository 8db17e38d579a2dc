package serve

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/nevsim/cockpit/cockpit/leaderboard"
)

func TestVisitorDrivesAndLeaves(t *testing.T) {
	s := start(t, testConfig(t))
	tm := shell(t, mustDial(t, s, "alice"), 120, 40, "LANG=en_GB.UTF-8")
	tm.waitFor("Welcome! Take the wheel", wait)
	tm.waitFor("ctrl+c leave", wait)
	tm.drive()
	tm.send("2")
	tm.waitFor("─ Navigation", wait)
	// q ends the drive only: back to the visitor's menu, their name kept.
	tm.send("q")
	tm.waitFor("What would you like to do?", wait)
	tm.waitFor("alice", wait)
	if s.Sessions() != 1 {
		t.Fatalf("%d sessions after leaving the drive, want 1", s.Sessions())
	}
	// q in the menu is a letter (the name step takes text); ctrl+c ends
	// the connection, with a goodbye.
	tm.send("\x03")
	tm.waitFor("Thanks for driving!", wait)
	tm.waitEOF(wait)
	waitLog(t, s, "connect alice from 127.0.0.1")
	waitLog(t, s, ": left")
}

func TestLanguageFromClientEnv(t *testing.T) {
	s := start(t, testConfig(t))
	tm := shell(t, mustDial(t, s, "li"), 100, 30, "LANG=en_US.UTF-8", "LC_ALL=zh_CN.UTF-8")
	tm.waitFor("欢迎！来试驾吧", wait)
	tm.send("\r") // the preselected language: 中文
	tm.waitFor("选择车型", wait)
	tm.send("\r")
	tm.waitFor("排行榜上的名字", wait)
	tm.send("\r")
	tm.waitFor("想体验什么", wait)
	tm.send("\r")
	tm.waitFor("演示驾驶中", wait)
	tm.send("\x03") // ctrl+c: back to the menu, in the chosen language
	tm.waitFor("想体验什么", wait)
	tm.send("\x03")
	tm.waitFor("谢谢驾驶", wait)
}

// TestDrillOverSSHAndTheSharedBoard: a visitor's drill opens under their
// SSH name, and a score another process (the kiosk on the projector)
// writes to the board's file shows on the visitor's menu within seconds.
// Finishing a drill and posting it is the kiosk package's test: a drill
// at its fastest still takes a minute of wall time.
func TestDrillOverSSHAndTheSharedBoard(t *testing.T) {
	cfg := testConfig(t)
	path := filepath.Join(t.TempDir(), leaderboard.FileName)
	board, _, err := leaderboard.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	a := *cfg.Assets
	a.Board = board
	cfg.Assets = &a
	s := start(t, cfg)
	tm := shell(t, mustDial(t, s, "bob"), 120, 40)
	tm.waitFor("No scores yet", wait) // the board beside the menu
	tm.send("\r")
	tm.waitFor("Choose your car", wait)
	tm.send("\r")
	tm.waitFor("Your name for the leaderboard", wait)
	tm.waitFor("bob", wait) // prefilled from the SSH name
	tm.send("\r")
	tm.waitFor("What would you like", wait)
	tm.send("2") // drill 1
	tm.send("\r")
	tm.waitFor("end drill", wait) // the drill's footer
	tm.send("\x03")               // back to the menu
	tm.waitFor("What would you like", wait)
	kiosk, _, err := leaderboard.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := kiosk.Add(leaderboard.Entry{Name: "Wang Fang", Car: "Xiaomi SU7", Drill: a.Drills[0].ID, Score: 88}); err != nil {
		t.Fatal(err)
	}
	tm.waitFor("Wang Fang", 2*wait)
}

func TestNoPtyGetsOneLine(t *testing.T) {
	s := start(t, testConfig(t))
	sess, err := mustDial(t, s, "script").NewSession()
	if err != nil {
		t.Fatal(err)
	}
	sess2 := sess
	var b strings.Builder
	sess2.Stdout = &b
	sess2.Stderr = &b
	if err := sess2.Shell(); err != nil {
		t.Fatal(err)
	}
	err = sess2.Wait()
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Errorf("exit %v, want status 1", err)
	}
	if !strings.Contains(b.String(), "The cockpit needs a terminal") || strings.Count(strings.TrimSpace(b.String()), "\n") != 0 {
		t.Errorf("output %q, want one line", b.String())
	}
}

func TestRefusedRequests(t *testing.T) {
	s := start(t, testConfig(t))
	c := mustDial(t, s, "mallory")
	t.Run("exec", func(t *testing.T) {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		if err := sess.Start("cat /etc/passwd"); err == nil {
			t.Error("exec was accepted")
		}
	})
	t.Run("subsystem sftp", func(t *testing.T) {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		if err := sess.RequestSubsystem("sftp"); err == nil {
			t.Error("the sftp subsystem was accepted")
		}
	})
	for _, req := range []string{"auth-agent-req@openssh.com", "x11-req", "no-such-request"} {
		t.Run(req, func(t *testing.T) {
			sess, err := c.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			defer sess.Close()
			ok, err := sess.SendRequest(req, true, nil)
			if err != nil || ok {
				t.Errorf("%s: ok %v, err %v; want refused", req, ok, err)
			}
		})
	}
	t.Run("local port forwarding", func(t *testing.T) {
		// direct-tcpip: a channel to an address the server would dial.
		if conn, err := c.Dial("tcp", s.Addr().String()); err == nil {
			conn.Close()
			t.Error("direct-tcpip was accepted")
		}
	})
	t.Run("remote port forwarding", func(t *testing.T) {
		if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
			ln.Close()
			t.Error("tcpip-forward was accepted")
		}
	})
	t.Run("other channel types", func(t *testing.T) {
		for _, typ := range []string{"x11", "auth-agent@openssh.com", "forwarded-tcpip", "tun@openssh.com"} {
			if ch, _, err := c.OpenChannel(typ, nil); err == nil {
				ch.Close()
				t.Errorf("channel %s was accepted", typ)
			}
		}
	})
	t.Run("env flood", func(t *testing.T) {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		refused := 0
		for i := range maxEnv + 10 {
			if err := sess.Setenv("X", strings.Repeat("y", i)); err != nil {
				refused++
			}
		}
		if refused != 10 {
			t.Errorf("%d env requests refused, want 10 past %d", refused, maxEnv)
		}
	})
	// The connection is still usable after all that: a visitor drives.
	shell(t, c, 80, 24).waitFor("Welcome! Take the wheel", wait)
}

func TestAuthModes(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	good, _ := gossh.NewSignerFromKey(priv)
	_, priv2, _ := ed25519.GenerateKey(rand.Reader)
	bad, _ := gossh.NewSignerFromKey(priv2)
	sshPub, _ := gossh.NewPublicKey(pub)
	cases := []struct {
		name   string
		auth   Auth
		client []gossh.AuthMethod
		ok     bool
	}{
		{"open, no credentials", Auth{Mode: AuthOpen}, nil, true},
		{"keys, allowed key", Auth{Mode: AuthKeys, Keys: []gossh.PublicKey{sshPub}}, []gossh.AuthMethod{gossh.PublicKeys(good)}, true},
		{"keys, other key", Auth{Mode: AuthKeys, Keys: []gossh.PublicKey{sshPub}}, []gossh.AuthMethod{gossh.PublicKeys(bad)}, false},
		{"keys, no key", Auth{Mode: AuthKeys, Keys: []gossh.PublicKey{sshPub}}, nil, false},
		{"keys, a password", Auth{Mode: AuthKeys, Keys: []gossh.PublicKey{sshPub}}, []gossh.AuthMethod{gossh.Password("whatever1")}, false},
		{"password, right", Auth{Mode: AuthPassword, Password: []byte("meetup-2026")}, []gossh.AuthMethod{gossh.Password("meetup-2026")}, true},
		{"password, wrong", Auth{Mode: AuthPassword, Password: []byte("meetup-2026")}, []gossh.AuthMethod{gossh.Password("meetup-2025")}, false},
		{"password, prefix", Auth{Mode: AuthPassword, Password: []byte("meetup-2026")}, []gossh.AuthMethod{gossh.Password("meetup")}, false},
		{"password, none", Auth{Mode: AuthPassword, Password: []byte("meetup-2026")}, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Auth = c.auth
			s := start(t, cfg)
			cl, err := dial(t, s, "visitor", c.client...)
			if c.ok != (err == nil) {
				t.Fatalf("dial: %v, want ok %v", err, c.ok)
			}
			if err != nil {
				waitLog(t, s, "authentication failed")
				return
			}
			defer cl.Close()
			shell(t, cl, 80, 24).waitFor("Welcome! Take the wheel", wait)
		})
	}
}

func TestSessionCap(t *testing.T) {
	cfg := testConfig(t)
	cfg.MaxSessions = 2
	s := start(t, cfg)
	a := shell(t, mustDial(t, s, "a"), 80, 24)
	a.waitFor("Welcome! Take the wheel", wait)
	b := shell(t, mustDial(t, s, "b"), 80, 24)
	b.waitFor("Welcome! Take the wheel", wait)
	c := shell(t, mustDial(t, s, "c"), 80, 24)
	c.waitFor("The cockpit is full, try again in a minute.", wait)
	c.waitFor("座舱已满，请一分钟后再试。", wait)
	c.waitEOF(wait)
	// A place freed is a place taken.
	a.send("\x03")
	a.waitEOF(wait)
	d := shell(t, mustDial(t, s, "d"), 80, 24)
	d.waitFor("Welcome! Take the wheel", wait)
	b.send("\x1b[B")
	b.waitFor("▶ 中文", wait) // b still answers
}

func TestIdleTimeout(t *testing.T) {
	cfg := testConfig(t)
	cfg.Idle = 400 * time.Millisecond
	cfg.Tick = 50 * time.Millisecond
	s := start(t, cfg)
	tm := shell(t, mustDial(t, s, "sleepy"), 80, 24)
	tm.waitFor("Welcome! Take the wheel", wait)
	tm.waitFor("Nothing was typed for 400ms, so your session ended.", wait)
	tm.waitEOF(wait)
	waitLog(t, s, "disconnect sleepy from 127.0.0.1")
	waitLog(t, s, ": idle")
}

func TestMaxDuration(t *testing.T) {
	cfg := testConfig(t)
	cfg.MaxDuration = 500 * time.Millisecond
	cfg.Tick = 50 * time.Millisecond
	s := start(t, cfg)
	tm := shell(t, mustDial(t, s, "keen"), 80, 24)
	tm.waitFor("Welcome! Take the wheel", wait)
	stop := make(chan struct{})
	go func() { // typing all along: not idle, but the time is up anyway
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				_, _ = tm.in.Write([]byte("\x1b[B"))
			}
		}
	}()
	defer close(stop)
	tm.waitFor("at the wheel are up", wait)
	tm.waitEOF(wait)
}

func TestConnectionRateLimit(t *testing.T) {
	cfg := testConfig(t)
	cfg.ConnRate = ConnRate{PerMinute: 0.001, Burst: 3}
	s := start(t, cfg)
	for i := range 3 {
		c, err := dial(t, s, "v")
		if err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
		c.Close()
	}
	if c, err := dial(t, s, "v"); err == nil {
		c.Close()
		t.Fatal("the fourth connection within the burst was accepted")
	}
	if !strings.Contains(logOf(s), "too many connections from this address") {
		t.Errorf("log: %q", logOf(s))
	}
}

func TestBigPasteIsDropped(t *testing.T) {
	s := start(t, testConfig(t))
	other := shell(t, mustDial(t, s, "other"), 80, 24)
	other.drive()
	tm := shell(t, mustDial(t, s, "paster"), 80, 24)
	tm.drive()
	tm.send("\r") // focus the voice bar, where a paste would be typed
	// A megabyte in one go: the server reads it at once and drops what is
	// over the rate, so it takes no longer than the copy.
	done := make(chan error, 1)
	go func() {
		_, err := tm.in.Write([]byte(strings.Repeat("x", 1<<20)))
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the paste was not read: the server stalled on it")
	}
	// The other visitor keeps driving.
	other.send("3")
	other.waitFor("─ Cabin", wait)
	// The paster's own session still answers once the rate has refilled
	// (keys right behind the paste share its fate): esc leaves the voice
	// bar, 4 shows the Vehicle panel.
	time.Sleep(time.Second)
	tm.send("\x1b")
	time.Sleep(300 * time.Millisecond)
	tm.send("4")
	tm.waitFor("─ Vehicle", wait)
	tm.send("q")
	tm.waitFor("What would you like", wait)
	tm.send("\x03")
	tm.waitEOF(wait)
	waitLog(t, s, "input over the rate dropped")
}

// sizeModel records the sizes its program is given.
type sizeModel struct {
	mu    *sync.Mutex
	sizes *[]tea.WindowSizeMsg
}

func (m sizeModel) Init() tea.Cmd { return nil }
func (m sizeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.mu.Lock()
		*m.sizes = append(*m.sizes, msg)
		m.mu.Unlock()
	case tea.KeyPressMsg:
		if msg.String() == "q" {
			return m, tea.Quit
		}
	}
	return m, nil
}
func (m sizeModel) View() tea.View { return tea.NewView("sizes") }

func TestTerminalSizeIsClamped(t *testing.T) {
	cfg := testConfig(t)
	var mu sync.Mutex
	var sizes []tea.WindowSizeMsg
	var first Visitor
	cfg.NewModel = func(v Visitor) tea.Model {
		first = v
		return sizeModel{&mu, &sizes}
	}
	s := start(t, cfg)
	tm := shell(t, mustDial(t, s, "big"), 5000, 3000)
	tm.waitFor("sizes", wait)
	if err := tm.sess.WindowChange(1000, 900); err != nil { // height, width
		t.Fatal(err)
	}
	if err := tm.sess.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(wait)
	for {
		mu.Lock()
		n := len(sizes)
		mu.Unlock()
		if n >= 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if first.Width != 400 || first.Height != 200 {
		t.Errorf("initial size %d×%d, want 400×200", first.Width, first.Height)
	}
	want := []tea.WindowSizeMsg{{Width: 400, Height: 200}, {Width: 400, Height: 200}, {Width: 100, Height: 30}}
	if len(sizes) < 3 {
		t.Fatalf("sizes %v, want %v", sizes, want)
	}
	for i, w := range want {
		if sizes[i] != w {
			t.Errorf("size %d: %v, want %v", i, sizes[i], w)
		}
	}
}

func TestVisitorsAreIndependent(t *testing.T) {
	s := start(t, testConfig(t))
	keep := shell(t, mustDial(t, s, "keeper"), 80, 24)
	keep.drive()
	// One visitor goes away mid-drive without a word (the client
	// process killed: its TCP connection just closes).
	gone := mustDial(t, s, "gone")
	tg := shell(t, gone, 80, 24)
	tg.drive()
	gone.Close()
	// The other still drives: its frames keep coming.
	keep.send("2")
	keep.waitFor("─ Navigation", wait)
	keep.send("3")
	keep.waitFor("─ Cabin", wait)
	deadline := time.Now().Add(wait)
	for s.Sessions() != 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if s.Sessions() != 1 {
		t.Errorf("%d sessions, want 1", s.Sessions())
	}
	waitLog(t, s, "disconnect gone")
	waitLog(t, s, ": disconnected")
}

// panicModel panics on "!".
type panicModel struct{}

func (panicModel) Init() tea.Cmd { return nil }
func (m panicModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "!" {
		panic("a bug in a visitor's program")
	}
	return m, nil
}
func (panicModel) View() tea.View { return tea.NewView("fragile") }

func TestPanicEndsOnlyThatSession(t *testing.T) {
	cfg := testConfig(t)
	cfg.NewModel = func(v Visitor) tea.Model {
		if v.User == "crash" {
			return panicModel{}
		}
		return VisitorModel(v)
	}
	s := start(t, cfg)
	keep := shell(t, mustDial(t, s, "keeper"), 80, 24)
	keep.drive()
	crash := shell(t, mustDial(t, s, "crash"), 80, 24)
	crash.waitFor("fragile", wait)
	crash.send("!")
	crash.waitFor("Something went wrong in your session", wait)
	crash.waitEOF(wait)
	keep.send("3")
	keep.waitFor("─ Cabin", wait)
	waitLog(t, s, "disconnect crash")
	waitLog(t, s, "panic")
	// The server still takes new visitors.
	shell(t, mustDial(t, s, "next"), 80, 24).waitFor("Welcome! Take the wheel", wait)
}

func TestShutdownTellsEveryVisitor(t *testing.T) {
	cfg := testConfig(t)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve() }()
	en := shell(t, mustDial(t, s, "en"), 80, 24)
	en.drive()
	zh := shell(t, mustDial(t, s, "zh"), 80, 24, "LANG=zh_CN.UTF-8")
	zh.waitFor("欢迎！来试驾吧", wait)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	began := time.Now()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if d := time.Since(began); d > 5*time.Second {
		t.Errorf("Shutdown took %s", d)
	}
	en.waitFor("The server is shutting down.", wait)
	zh.waitFor("服务器正在关闭", wait)
	en.waitEOF(wait)
	zh.waitEOF(wait)
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Serve did not return")
	}
	if _, err := net.DialTimeout("tcp", s.Addr().String(), time.Second); err == nil {
		t.Error("still listening after Shutdown")
	}
}
