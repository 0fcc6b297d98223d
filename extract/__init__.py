"""Reading attachments and mail bodies, finding what a proposal states, applying the call's rules."""
