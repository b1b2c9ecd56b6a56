# Run by examples/setup.sh with `manage.py shell -c`: the test user, a superuser (the admin site signs in
# staff only), with the password from LAPSE_PASSWORD, created or reset.
import os

from django.contrib.auth import get_user_model

user, _ = get_user_model().objects.get_or_create(username=os.environ["LAPSE_USERNAME"])
user.is_active = user.is_staff = user.is_superuser = True
user.set_password(os.environ["LAPSE_PASSWORD"])
user.save()
