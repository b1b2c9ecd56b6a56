@control:PCI-DSS-8.2.8 @control:ASVS-5.0-V7.3.1
Feature: Clock changes never give an idle session extra life
  Servers' clocks get stepped (an NTP correction, a virtual machine resumed from a snapshot) and the parts
  of a system keep slightly different time. None of that may keep an idle session alive longer than the
  policy allows.

  What is correct, and why (docs/architecture.md, "Clock changes", says more):
  - The idle timeout is measured on the app server's wall clock: it is the one time every app node, the
    session store and the audit log share.
  - A backward step must never lengthen a session. The app cannot tell how long a session really idled once
    its clock went back past the session's last activity, so it may end the session early (fail closed), but
    it must never keep it for the extra hour. When every clock goes back together (a host restored from a
    snapshot), a session store's own expiry goes back too, and only the app's own rule can end the session.
  - A forward step counts as time that passed: an idle session whose last activity now lies more than 15
    minutes back on the app server's clock has ended, as the app's own log would show.
  - The session store keeps its own clock. Its expiry may forget a session only after the app would end it:
    a store whose clock runs ahead must not cut a session short. Relative TTLs (set at every write, measured
    on the store's own clock) are immune to such a skew; an absolute expiry computed on the app server's
    clock is not.
  A target without a separate clock for the session store (the in-process reference app keeps its sessions
  in its own memory) skips those scenarios and says why.

  Background:
    Given the session policy:
      | idle timeout      | 15 minutes |
      | absolute lifetime | 8 hours    |

  Scenario: Setting the app server's clock back does not give an idle session an extra hour
    Given a user idle for 10 minutes
    When the app server's clock is set back 1 hour
    And the user is idle for 6 minutes
    Then the user must sign in again
    And the old session cookie is rejected by the server

  Scenario: Setting every clock back does not give an idle session an extra hour
    Given a user idle for 10 minutes
    When every clock is set back 1 hour
    And the user is idle for 6 minutes
    Then the user must sign in again
    And the old session cookie is rejected by the server

  Scenario: A forward step of the app server's clock past the idle timeout ends an idle session
    Given a user idle for 5 minutes
    When the app server's clock jumps forward 20 minutes
    Then the user must sign in again
    And the old session cookie is rejected by the server

  Scenario: A session store whose clock runs ahead does not cut sessions short
    Given the session store's clock runs 3 minutes ahead of the app server
    And a user idle for 14 minutes
    Then the user is still signed in
    When the user is idle for 16 minutes
    Then the user must sign in again

