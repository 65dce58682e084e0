"""`manage.py db_worker`: django-tasks-db's worker, which first hands on what a killed worker left.

django-tasks-db does not run a task again once a worker has claimed it, so a worker killed in the
middle of sending leaves that task "running" for good and its remaining e-mails pending. Before
the worker starts taking tasks, this queues new sending tasks for every pending e-mail
(subscriptions.tasks.resume); the row locks they take make sure none is sent twice, even while
another worker is still busy with the same announcement. Everything else is django-tasks-db's
command, with its options (`--backend background` for the subscription e-mails).
"""

from django_tasks_db.management.commands import db_worker

from subscriptions.tasks import resume


class Command(db_worker.Command):
    help = db_worker.Command.help + (
        " Köar först om de prenumerationsmejl som en avbruten worker lämnade oskickade."
    )

    def handle(self, *args, **options):
        pending = resume()
        if pending and options.get("verbosity", 1):
            self.stdout.write(f"{pending} väntande prenumerationsmejl köades på nytt.")
        return super().handle(*args, **options)
