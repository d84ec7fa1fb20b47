SELECT DISTINCT
  `users`.`user_id` AS key
FROM `users`
LEFT JOIN `accounts`
  ON `users`.`account_id` = `accounts`.`account_id`
WHERE
  `accounts`.`tier` = 'enterprise'
  AND `users`.`account_role` = 'decision-maker'
  AND `users`.`nps` <= 6
  AND `accounts`.`renewal_date` BETWEEN CAST('2026-11-24' AS DATE) AND CAST('2027-02-22' AS DATE)
  AND EXISTS(
    SELECT
      1
    FROM `requests`
    WHERE
      `requests`.`user_id` = `users`.`user_id` AND `requests`.`feature` = 'sso'
  )
ORDER BY
  key;
