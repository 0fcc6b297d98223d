"""What the service sends and writes for people: answers, delivery, the staff digest, spreadsheets.

    answers   decide_answer(): which answer a (re)evaluated dossier calls for -> Outbox row
    sender    send_pending(): SMTP or file outbox, crash-safe, retried with backoff
    digest    build_digest() / render_digest_message()
    exports   write_csv() / write_xlsx() from the JSON export document
"""
