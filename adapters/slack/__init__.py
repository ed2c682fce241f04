"""The Slack adapter: slack-bolt's AsyncApp over the platform-agnostic coach."""
