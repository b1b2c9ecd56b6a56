@control:PCI-DSS-8.2.8 @control:NIST-800-63B-AAL3 @control:ASVS-5.0-V7.3.1 @control:WSTG-SESS-07
Feature: Idle sessions end after 15 minutes
  An unattended, signed-in screen is an open door. After 15 minutes without activity the server must
  refuse the session, and the user must sign in again. Activity renews the 15 minutes.

  Background:
    Given the session policy:
      | idle timeout      | 15 minutes |
      | absolute lifetime | 8 hours    |

  Scenario Outline: A user idle for 16 minutes must sign in again
    Given a user idle for 16 minutes
    Then the user must sign in again
    And the old session cookie is rejected by the server

    Examples: over the API
      | channel |
      | API     |

    @browser
    Examples: in the browser
      | channel |
      | browser |

  Scenario Outline: A user idle for 14 minutes is still signed in
    Given a user idle for 14 minutes
    Then the user is still signed in

    Examples: over the API
      | channel |
      | API     |

    @browser
    Examples: in the browser
      | channel |
      | browser |

  Scenario: One second before the idle timeout the session is alive
    Given a user idle for 14 minutes 59 seconds
    Then the user is still signed in

  Scenario: One second after the idle timeout the session is gone
    Given a user idle for 15 minutes 1 second
    Then the user must sign in again

  Scenario Outline: Activity keeps the session alive
    Given a user signed in
    When the user clicks around every 10 minutes for 1 hour
    Then the user is still signed in

    Examples: over the API
      | channel |
      | API     |

    @browser
    Examples: in the browser
      | channel |
      | browser |

  Scenario: The idle clock restarts at the last request, not at sign-in
    Given a user signed in
    When the user works every 10 minutes for 30 minutes
    And the user is idle for 14 minutes
    Then the user is still signed in
    When the user is idle for 16 minutes
    Then the user must sign in again
